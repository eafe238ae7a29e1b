/**
 * The Zoom sandbox, embeddable: a faithful stand-in for Zoom's OAuth server,
 * REST API and webhooks, for tests and demos. It imports nothing from confab.
 */
import { listen } from "../common/http-server.ts";
import { createSandboxContext } from "./sandbox-context.ts";
import { buildSandboxServer } from "./server.ts";
import { createStateSaver, loadStateFile } from "./state-file.ts";

export interface ZoomSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Refresh tokens' lifetime; Zoom's is not documented consistently. Defaults to 90 days. */
  refreshTokenLifetimeSeconds?: number;
  /**
   * A JSON file to keep the state in: loaded on start when it exists, written after every change
   * and on close. Without it the state lives in memory only.
   */
  stateFile?: string;
}

export interface ZoomSandbox {
  /** OAuth at `${url}/oauth/...`, REST at `${url}/v2/...`, control API at `${url}/_sandbox/...`. */
  url: string;
  /** True when the state was loaded from `stateFile`. */
  restored: boolean;
  close(): Promise<void>;
}

const RETRY_CHECK_MS = 1000;

export async function startZoomSandbox(options: ZoomSandboxOptions = {}): Promise<ZoomSandbox> {
  const context = createSandboxContext(
    options.refreshTokenLifetimeSeconds === undefined
      ? {}
      : { refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds },
  );
  const restored = options.stateFile ? await loadStateFile(options.stateFile, context) : false;
  const saver = options.stateFile ? createStateSaver(options.stateFile, context) : undefined;
  context.onStateChange = saver?.changed;
  const server = await buildSandboxServer(context);
  const url = await listen(server, options);
  context.baseUrl = url;

  const retries = setInterval(() => void context.webhooks.runDueRetries(), RETRY_CHECK_MS);
  retries.unref();

  return {
    url,
    restored,
    async close() {
      clearInterval(retries);
      await context.webhooks.close();
      await server.close();
      await saver?.flush();
    },
  };
}
