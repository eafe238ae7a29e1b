/** `node sandbox/mail/main.ts --port <n> [--host <h>] [--state-file <path>]`: the mail sandbox on its own. */
import { parseArgs } from "node:util";
import { startMailSandbox } from "./index.ts";

const USAGE = `Usage: node sandbox/mail/main.ts --port <n> [--host <h>] [--state-file <path>]

Runs an SMTP server that catches every message sent to it and delivers none, until SIGINT or SIGTERM.
Prints its smtp:// URL, then one line per message caught.
  --port <n>           port to listen on (0 picks a free one)
  --host <h>           address to listen on (default 127.0.0.1)
  --state-file <path>  keep the messages in this JSON file across restarts
  --help               show this text

See sandbox/mail/README.md.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const options = {
  port: { type: "string" },
  host: { type: "string" },
  "state-file": { type: "string" },
  help: { type: "boolean" },
} as const;
let parsed: ReturnType<typeof parseArgs<{ options: typeof options }>>;
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

const sandbox = await startMailSandbox({
  port: Number(portText),
  ...(parsed.values.host === undefined ? {} : { host: parsed.values.host }),
  ...(parsed.values["state-file"] === undefined ? {} : { stateFile: parsed.values["state-file"] }),
});
console.log(sandbox.smtpUrl);
sandbox.onMessage((message) => {
  console.log(
    `${message.id} from ${message.envelope.from || "<>"} to ${message.envelope.to.join(", ")}: ${JSON.stringify(message.subject)}`,
  );
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
