import { startMicrosoftSandbox } from "../../../sandbox/microsoft/index.ts";
import type { Command } from "../command.ts";
import { untilStopped, wholeNumber } from "./sandbox-options.ts";

export const microsoftSandboxCommand: Command = {
  name: "microsoft-sandbox",
  summary: "run the Microsoft sandbox on its own: Microsoft's sign-in, tokens and Graph, offline",
  usage: "microsoft-sandbox [--port <n>] [--host <h>] [--state-file <path>] [--json]",
  description: [
    "A faithful stand-in for Microsoft's identity platform and Microsoft Graph, for trying",
    "confab's Microsoft Teams support without Microsoft. Sign-in, consent and tokens are served",
    "under /{tenant}/oauth2/v2.0, Graph under /v1.0, and a control API for tests under /_sandbox",
    "(tenants, users, apps, consents, clock, faults, call log): see sandbox/microsoft/README.md.",
    "Point confab at it with MICROSOFT_AUTHORITY_URL=<url> and MICROSOFT_GRAPH_URL=<url>.",
  ].join("\n"),
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "state-file": { type: "string" },
    json: { type: "boolean" },
  },
  optionHelp: [
    ["--port <n>", "port to listen on (default 0: a free one)"],
    ["--host <h>", "address to listen on (default 127.0.0.1)"],
    ["--state-file <path>", "keep tenants, users, apps and tokens in this file across restarts"],
    ["--json", "print {url} as JSON"],
  ],
  async run(values, _positionals, context) {
    const port = wholeNumber(values.port, "--port", 65535) ?? 0;
    const stateFile = values["state-file"];
    const sandbox = await startMicrosoftSandbox({
      port,
      ...(typeof values.host === "string" ? { host: values.host } : {}),
      ...(typeof stateFile === "string" ? { stateFile } : {}),
    });
    context.print(
      values.json
        ? JSON.stringify({ url: sandbox.url })
        : `Microsoft sandbox listening at ${sandbox.url} (Ctrl-C to stop)`,
    );
    await untilStopped();
    await sandbox.close();
    return 0;
  },
};
