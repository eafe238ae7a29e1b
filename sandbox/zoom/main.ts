/** `node sandbox/zoom/main.ts --port <n> [--host <h>]`: the Zoom sandbox on its own. */
import { parseArgs } from "node:util";
import { startZoomSandbox } from "./index.ts";

const USAGE = `Usage: node sandbox/zoom/main.ts --port <n> [--host <h>] [--refresh-token-lifetime <seconds>] [--state-file <path>]

Runs a stand-in for Zoom's OAuth server, REST API and webhooks until SIGINT or SIGTERM.
  --port <n>                          port to listen on (0 picks a free one)
  --host <h>                          address to listen on (default 127.0.0.1)
  --refresh-token-lifetime <seconds>  how long refresh tokens live (default 90 days)
  --state-file <path>                 keep the state in this JSON file across restarts
  --help                              show this text

See sandbox/zoom/README.md for the control API under /_sandbox.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`${name} must be a whole number, not "${value}"`);
  return Number(value);
}

let parsed: ReturnType<typeof parseArgs<{ options: typeof options }>>;
const options = {
  port: { type: "string" },
  host: { type: "string" },
  "refresh-token-lifetime": { type: "string" },
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

const port = wholeNumber(parsed.values.port, "--port");
if (port === undefined) fail("--port is required");
const refreshTokenLifetimeSeconds = wholeNumber(
  parsed.values["refresh-token-lifetime"],
  "--refresh-token-lifetime",
);

const sandbox = await startZoomSandbox({
  port,
  ...(parsed.values.host === undefined ? {} : { host: parsed.values.host }),
  ...(refreshTokenLifetimeSeconds === undefined ? {} : { refreshTokenLifetimeSeconds }),
  ...(parsed.values["state-file"] === undefined ? {} : { stateFile: parsed.values["state-file"] }),
});
console.log(sandbox.url);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
