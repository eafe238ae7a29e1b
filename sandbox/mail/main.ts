/** `node sandbox/mail/main.ts --port <n> [--host <h>] [--state-file <path>]`: the mail sandbox on its own. */
import { closeOnSignals, readCommandLine } from "../common/command-line.ts";
import { startMailSandbox } from "./index.ts";

const USAGE = `Usage: node sandbox/mail/main.ts --port <n> [--host <h>] [--state-file <path>]

Runs an SMTP server that catches every message sent to it and delivers none, until SIGINT or SIGTERM.
Prints its smtp:// URL, then one line per message caught.
  --port <n>           port to listen on (0 picks a free one)
  --host <h>           address to listen on (default 127.0.0.1)
  --state-file <path>  keep the messages in this JSON file across restarts
  --help               show this text

See sandbox/mail/README.md.`;

const commandLine = readCommandLine(USAGE);
const sandbox = await startMailSandbox({ port: commandLine.port(), ...commandLine.listening });
console.log(sandbox.smtpUrl);
sandbox.onMessage((message) => {
  console.log(
    `${message.id} from ${message.envelope.from || "<>"} to ${message.envelope.to.join(", ")}: ${JSON.stringify(message.subject)}`,
  );
});

closeOnSignals(sandbox);
