/**
 * The Microsoft sandbox, embeddable: a stand-in for the Microsoft identity platform and
 * Microsoft Graph (users, calendars, online meetings, subscriptions), for tests and demos. It
 * imports nothing from confab.
 */
import { listen } from "../common/http-server.ts";
import { createSandboxContext } from "./sandbox-context.ts";
import { buildSandboxServer } from "./server.ts";
import { createStateSaver, loadStateFile } from "./state-file.ts";

export interface MicrosoftSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /**
   * A JSON file to keep the state in: loaded on start when it exists, written after every change
   * and on close. Without it the state lives in memory only.
   */
  stateFile?: string;
}

export interface MicrosoftSandbox {
  /**
   * The identity platform at `${url}/{tenant}/oauth2/v2.0/...`, Graph at `${url}/v1.0/...`,
   * the control API at `${url}/_sandbox/...`.
   */
  url: string;
  /** True when the state was loaded from `stateFile`. */
  restored: boolean;
  close(): Promise<void>;
}

const RETRY_CHECK_MS = 1000;

export async function startMicrosoftSandbox(
  options: MicrosoftSandboxOptions = {},
): Promise<MicrosoftSandbox> {
  const context = createSandboxContext();
  // The server first: Graph's state exists once its routes are registered.
  const server = await buildSandboxServer(context);
  const restored = options.stateFile ? await loadStateFile(options.stateFile, context) : false;
  const saver = options.stateFile ? createStateSaver(options.stateFile, context) : undefined;
  context.onStateChange = saver?.changed;
  const url = await listen(server, options);
  context.baseUrl = url;

  // Graph's change-notification retries fall due by the sandbox clock.
  const retries = setInterval(() => void context.graph?.runDue(), RETRY_CHECK_MS);
  retries.unref();

  return {
    url,
    restored,
    async close() {
      clearInterval(retries);
      await context.graph?.close();
      await server.close();
      await saver?.flush();
    },
  };
}
