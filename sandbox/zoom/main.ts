/** `node sandbox/zoom/main.ts --port <n> [--host <h>]`: the Zoom sandbox on its own. */
import { closeOnSignals, readCommandLine } from "../common/command-line.ts";
import { startZoomSandbox } from "./index.ts";

const USAGE = `Usage: node sandbox/zoom/main.ts --port <n> [--host <h>] [--refresh-token-lifetime <seconds>] [--state-file <path>]

Runs a stand-in for Zoom's OAuth server, REST API and webhooks until SIGINT or SIGTERM.
  --port <n>                          port to listen on (0 picks a free one)
  --host <h>                          address to listen on (default 127.0.0.1)
  --refresh-token-lifetime <seconds>  how long refresh tokens live (default 90 days)
  --state-file <path>                 keep the state in this JSON file across restarts
  --help                              show this text

See sandbox/zoom/README.md for the control API under /_sandbox.`;

const commandLine = readCommandLine(USAGE, { "refresh-token-lifetime": { type: "string" } });
// Any whole number: a port past 65535 is left to fail when the server listens.
const port = commandLine.wholeNumber("port");
if (port === undefined) commandLine.fail("--port is required");
const refreshTokenLifetimeSeconds = commandLine.wholeNumber("refresh-token-lifetime");

const sandbox = await startZoomSandbox({
  port,
  ...commandLine.listening,
  ...(refreshTokenLifetimeSeconds === undefined ? {} : { refreshTokenLifetimeSeconds }),
});
console.log(sandbox.url);
closeOnSignals(sandbox);
