import { startZoomSandbox } from "../../../sandbox/zoom/index.ts";
import type { Command } from "../command.ts";
import { untilStopped, wholeNumber } from "./sandbox-options.ts";

export const zoomSandboxCommand: Command = {
  name: "zoom-sandbox",
  summary: "run the Zoom sandbox on its own: Zoom's OAuth, REST API and webhooks, offline",
  usage: "zoom-sandbox [--port <n>] [--host <h>] [--refresh-token-lifetime <seconds>] [--json]",
  description: [
    "A faithful stand-in for Zoom, for trying confab (or any Zoom client) without Zoom.",
    "OAuth is served under /oauth, the REST API under /v2, and a control API for tests under",
    "/_sandbox (accounts, users, apps, clock, faults, call log): see sandbox/zoom/README.md.",
    "Point confab at it with ZOOM_OAUTH_BASE_URL=<url> and ZOOM_API_BASE_URL=<url>/v2.",
  ].join("\n"),
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "refresh-token-lifetime": { type: "string" },
    json: { type: "boolean" },
  },
  optionHelp: [
    ["--port <n>", "port to listen on (default 0: a free one)"],
    ["--host <h>", "address to listen on (default 127.0.0.1)"],
    ["--refresh-token-lifetime <s>", "how long refresh tokens live (default 90 days)"],
    ["--json", "print {url} as JSON"],
  ],
  async run(values, _positionals, context) {
    const port = wholeNumber(values.port, "--port", 65535) ?? 0;
    const lifetime = wholeNumber(
      values["refresh-token-lifetime"],
      "--refresh-token-lifetime",
      2 ** 31,
    );
    const sandbox = await startZoomSandbox({
      port,
      ...(typeof values.host === "string" ? { host: values.host } : {}),
      ...(lifetime === undefined ? {} : { refreshTokenLifetimeSeconds: lifetime }),
    });
    context.print(
      values.json
        ? JSON.stringify({ url: sandbox.url })
        : `Zoom sandbox listening at ${sandbox.url} (Ctrl-C to stop)`,
    );
    await untilStopped();
    await sandbox.close();
    return 0;
  },
};
