import type { Config } from "../config.ts";

/**
 * What the demo's in-process provider sandboxes (Zoom's, Microsoft's) share: where they listen,
 * the address people reach them at, and their JSON control API.
 */

/**
 * Next to confab's own port when it can (`offset` ports above it: a stable address keeps join
 * links of earlier runs working), any free port otherwise.
 */
export async function listenNextToConfab<T>(
  config: Config,
  offset: number,
  start: (port: number) => Promise<T>,
): Promise<T> {
  if (config.port !== 0 && config.port + offset <= 65535) {
    try {
      return await start(config.port + offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    }
  }
  return start(0);
}

/** On all interfaces a sandbox is reached by the host name people use for confab itself. */
export function sandboxUrl(config: Config, listening: string): string {
  if (config.host !== "0.0.0.0" && config.host !== "::") return listening;
  const url = new URL(config.publicUrl);
  return `http://${url.hostname}:${new URL(listening).port}`;
}

export type SandboxControl = <T>(method: string, route: string, body?: unknown) => Promise<T>;

/** Calls a sandbox's control API (`/_sandbox`); a refusal stops the demo with its reason. */
export function sandboxControl(name: string, base: string): SandboxControl {
  return async <T>(method: string, route: string, body?: unknown) => {
    const reply = await fetch(`${base}/_sandbox${route}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await reply.text();
    if (!reply.ok) throw new Error(`${name} ${method} ${route}: ${reply.status} ${text}`);
    return (text === "" ? undefined : JSON.parse(text)) as T;
  };
}
