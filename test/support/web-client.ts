import type { App } from "../../src/http/build-app.ts";

export interface WebReply {
  status: number;
  body: string;
  location: string | undefined;
  setCookies: { name: string; value: string; [key: string]: unknown }[];
  headers: Record<string, unknown>;
}

/**
 * A browser without the browser: keeps cookies between requests, and sends forms with the CSRF
 * token of the last page it loaded, as a person clicking through would.
 */
export function webClient(app: App) {
  const jar = new Map<string, string>();
  let csrf: string | undefined;

  async function request(
    method: "GET" | "POST",
    url: string,
    form?: Record<string, string>,
  ): Promise<WebReply> {
    const reply = await app.inject({
      method,
      url,
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      payload: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const c of reply.cookies as WebReply["setCookies"]) {
      const expired =
        c.value === "" || (c.expires instanceof Date && c.expires.getTime() < Date.now());
      if (expired) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(reply.body)?.[1];
    if (token) csrf = token;
    return {
      status: reply.statusCode,
      body: reply.body,
      location: reply.headers.location as string | undefined,
      setCookies: reply.cookies as WebReply["setCookies"],
      headers: reply.headers,
    };
  }

  const client = {
    jar,
    get: (url: string) => request("GET", url),
    /** Posts a form with the current CSRF token (loading a page first if there is none). */
    async post(url: string, fields: Record<string, string> = {}) {
      if (csrf === undefined) await request("GET", "/sign-in");
      return request("POST", url, { _csrf: csrf ?? "", ...fields });
    },
    /** Posts exactly these fields: for CSRF tests. */
    postRaw: (url: string, fields: Record<string, string>) => request("POST", url, fields),
    async signIn(email: string, password: string) {
      await request("GET", "/sign-in");
      const reply = await client.post("/sign-in", { email, password });
      if (reply.status !== 303) throw new Error(`sign-in failed (${reply.status}): ${email}`);
      return reply;
    },
  };
  return client;
}
