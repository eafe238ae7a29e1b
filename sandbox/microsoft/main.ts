/** `node sandbox/microsoft/main.ts --port <n> [--host <h>]`: the Microsoft sandbox on its own. */
import { parseArgs } from "node:util";
import { startMicrosoftSandbox } from "./index.ts";

const USAGE = `Usage: node sandbox/microsoft/main.ts --port <n> [--host <h>] [--state-file <path>]

Runs a stand-in for the Microsoft identity platform and Microsoft Graph until SIGINT or SIGTERM.
  --port <n>            port to listen on (0 picks a free one)
  --host <h>            address to listen on (default 127.0.0.1)
  --state-file <path>   keep the state in this JSON file across restarts
  --help                show this text

See sandbox/microsoft/README.md for the control API under /_sandbox.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let parsed: ReturnType<typeof parseArgs<{ options: typeof options }>>;
const options = {
  port: { type: "string" },
  host: { type: "string" },
  "state-file": { type: "string" },
  help: { type: "boolean" },
} as const;
try {
  parsed = parseArgs({ options, strict: true });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

if (parsed.values.help === true) {
  console.log(USAGE);
  process.exit(0);
}

const portText = parsed.values.port;
if (portText === undefined) fail("--port is required");
if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
  fail(`--port must be a whole number from 0 to 65535, not "${portText}"`);
}

const sandbox = await startMicrosoftSandbox({
  port: Number(portText),
  ...(parsed.values.host === undefined ? {} : { host: parsed.values.host }),
  ...(parsed.values["state-file"] === undefined ? {} : { stateFile: parsed.values["state-file"] }),
});
console.log(sandbox.url);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
