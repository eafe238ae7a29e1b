/**
 * What the sandbox's tests share: a running sandbox, a way to seed it through
 * the control API, the OAuth dance a Zoom client performs, and a local
 * webhook receiver.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { after } from "node:test";
import { controlClient, type Json, type JsonReply } from "../../common/test-support/http.ts";
import { startZoomSandbox } from "../index.ts";

export { call, type Json, type JsonReply, pkcePair } from "../../common/test-support/http.ts";

export interface TestSandbox {
  url: string;
  control(path: string, body?: unknown, method?: string): Promise<Json>;
  account(plan?: "free" | "pro" | "business"): Promise<string>;
  user(input: {
    email: string;
    account_id: string;
    type?: 1 | 2 | 4 | 99;
    role?: "owner" | "admin" | "member";
  }): Promise<Json>;
  app(input: {
    client_id: string;
    kind?: "user" | "admin";
    scopes?: string[];
    webhook_url?: string;
    webhook_secret?: string;
    name?: string;
  }): Promise<Json>;
}

export const REDIRECT_URI = "https://confab.example/oauth/zoom/callback";
export const USER_SCOPES = [
  "meeting:write:meeting",
  "meeting:read:meeting",
  "meeting:update:meeting",
  "meeting:delete:meeting",
  "meeting:read:list_meetings",
  "user:read:user",
];
export const ADMIN_SCOPES = USER_SCOPES.map((scope) => `${scope}:admin`);

/** A sandbox for one test file, closed when the file's tests are done. */
export async function startTestSandbox(): Promise<TestSandbox> {
  const sandbox = await startZoomSandbox({ port: 0 });
  after(() => sandbox.close());
  const control = controlClient(sandbox.url);
  return {
    url: sandbox.url,
    control,
    account: async (plan = "pro") => (await control("/_sandbox/accounts", { plan })).id,
    user: (input) => control("/_sandbox/users", { type: 2, role: "member", ...input }),
    app: (input) =>
      control("/_sandbox/apps", {
        client_secret: `${input.client_id}-secret`,
        kind: "user",
        redirect_uris: [REDIRECT_URI],
        scopes: input.kind === "admin" ? ADMIN_SCOPES : USER_SCOPES,
        ...input,
      }),
  };
}

export function basicAuth(clientId: string, secret = `${clientId}-secret`): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`;
}

/** Signs in on the consent page and presses Allow (or Decline); returns the redirect. */
export async function consent(
  url: string,
  input: {
    client_id: string;
    email: string;
    decision?: "allow" | "decline";
    state?: string;
    redirect_uri?: string;
    code_challenge?: string;
  },
): Promise<{ status: number; location: URL | null; html: string }> {
  const form = new URLSearchParams({
    response_type: "code",
    client_id: input.client_id,
    redirect_uri: input.redirect_uri ?? REDIRECT_URI,
    state: input.state ?? "state-1",
    email: input.email,
    decision: input.decision ?? "allow",
  });
  if (input.code_challenge !== undefined) {
    form.set("code_challenge", input.code_challenge);
    form.set("code_challenge_method", "S256");
  }
  const response = await fetch(`${url}/oauth/authorize`, {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  const location = response.headers.get("location");
  return {
    status: response.status,
    location: location === null ? null : new URL(location),
    html: await response.text(),
  };
}

export async function tokenRequest(
  url: string,
  clientId: string,
  params: Record<string, string>,
  secret?: string,
): Promise<JsonReply> {
  const response = await fetch(`${url}/oauth/token`, {
    method: "POST",
    headers: { authorization: basicAuth(clientId, secret) },
    body: new URLSearchParams(params),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export async function exchange(
  url: string,
  clientId: string,
  code: string,
  extra: Record<string, string> = {},
) {
  return tokenRequest(url, clientId, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    ...extra,
  });
}

/** The whole authorization-code flow; returns Zoom's token reply. */
export async function connect(url: string, clientId: string, email: string): Promise<Json> {
  const { location } = await consent(url, { client_id: clientId, email });
  const code = location?.searchParams.get("code");
  if (code === null || code === undefined) throw new Error(`no code in ${String(location)}`);
  const reply = await exchange(url, clientId, code);
  if (reply.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: Json;
}

/** A local endpoint standing in for confab's webhook route; answers the URL challenge. */
export async function startWebhookReceiver(secret: string) {
  const received: ReceivedWebhook[] = [];
  let status = 200;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const body = JSON.parse(rawBody);
      received.push({ headers: request.headers, rawBody, body });
      if (body.event === "endpoint.url_validation") {
        const plainToken = body.payload.plainToken;
        const encryptedToken = createHmac("sha256", secret).update(plainToken).digest("hex");
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ plainToken, encryptedToken }));
        return;
      }
      response.writeHead(status);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/zoom/webhooks`,
    received,
    answerWith(next: number) {
      status = next;
    },
    events: (name: string) => received.filter((webhook) => webhook.body.event === name),
  };
}

export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("gave up waiting");
}
