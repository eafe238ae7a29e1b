/** The HTTP side of every sandbox's tests: JSON calls, the control API, a PKCE pair. */
import { createHash } from "node:crypto";

/** Replies are read field by field in assertions, as any HTTP client reads parsed JSON. */
// biome-ignore lint/suspicious/noExplicitAny: the one loosely typed value, shared by the tests
export type Json = any;

export interface JsonReply {
  status: number;
  headers: Headers;
  body: Json;
}

export async function call(
  url: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<JsonReply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body };
}

/** Calls a sandbox's control API; a refusal fails the test with the sandbox's explanation. */
export function controlClient(baseUrl: string) {
  return async (path: string, body?: unknown, method?: string): Promise<Json> => {
    const reply = await call(`${baseUrl}${path}`, {
      ...(body === undefined ? {} : { body }),
      ...(method === undefined ? {} : { method }),
    });
    if (reply.status >= 400) {
      throw new Error(`control ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    }
    return reply.body;
  };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = "a-verifier-of-at-least-forty-three-characters-long-1234567890";
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}
