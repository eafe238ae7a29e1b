/** `node sandbox/microsoft/main.ts --port <n> [--host <h>]`: the Microsoft sandbox on its own. */
import { closeOnSignals, readCommandLine } from "../common/command-line.ts";
import { startMicrosoftSandbox } from "./index.ts";

const USAGE = `Usage: node sandbox/microsoft/main.ts --port <n> [--host <h>] [--state-file <path>]

Runs a stand-in for the Microsoft identity platform and Microsoft Graph until SIGINT or SIGTERM.
  --port <n>            port to listen on (0 picks a free one)
  --host <h>            address to listen on (default 127.0.0.1)
  --state-file <path>   keep the state in this JSON file across restarts
  --help                show this text

See sandbox/microsoft/README.md for the control API under /_sandbox.`;

const commandLine = readCommandLine(USAGE);
const sandbox = await startMicrosoftSandbox({ port: commandLine.port(), ...commandLine.listening });
console.log(sandbox.url);
closeOnSignals(sandbox);
