/**
 * A Zoom client written from Zoom's documentation, for the conformance probe
 * (`probe-*.test.ts`). It knows the sandbox only by its URL: everything goes
 * over HTTP, the consent page is read as HTML and submitted as its form would
 * be, and webhooks arrive at a local listener that checks Zoom's signature the
 * way a receiver must. Nothing here comes from the sandbox's own code, so a
 * mistake shared by the sandbox and its own tests still shows up here.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: Zoom's replies are checked field by field by each test
  json: any;
}

async function toReply(response: Response): Promise<Reply> {
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text === "" ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Calls the sandbox's control API (JSON in and out). */
export async function control(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { "content-type": "application/json" };
    init.body = JSON.stringify(body);
  }
  return toReply(await fetch(`${base}/_sandbox${path}`, init));
}

/** Calls Zoom's REST API with a bearer token; `body` is sent as JSON unless it is a string. */
export async function api(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  return toReply(await fetch(`${base}/v2${path}`, init));
}

export function basic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
}

/** POSTs a form to an OAuth endpoint (`/oauth/token`, `/oauth/revoke`). */
export async function oauthPost(
  base: string,
  path: string,
  form: Record<string, string>,
  authorization?: string,
): Promise<Reply> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (authorization !== undefined) headers.authorization = authorization;
  return toReply(
    await fetch(`${base}${path}`, {
      method: "POST",
      headers,
      body: new URLSearchParams(form).toString(),
    }),
  );
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

export interface ParsedForm {
  method: string;
  action: string;
  /** Inputs that carry a value on their own (hidden fields and the like). */
  fields: Record<string, string>;
  /** Every input name, to find where the person types. */
  inputNames: string[];
  /** The submit buttons' name → values. */
  buttons: { name: string; value: string; label: string }[];
}

/** Reads the first form of an HTML page as a browser would submit it. */
export function parseForm(html: string): ParsedForm {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (form === null) throw new Error("the page has no form");
  const openTag = /<form\b[^>]*>/i.exec(form[0])?.[0] ?? "";
  const fields: Record<string, string> = {};
  const inputNames: string[] = [];
  for (const [tag] of (form[1] ?? "").matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(tag, "name");
    if (name === undefined) continue;
    inputNames.push(name);
    const type = (attribute(tag, "type") ?? "text").toLowerCase();
    if (type === "hidden") fields[name] = attribute(tag, "value") ?? "";
  }
  const buttons: ParsedForm["buttons"] = [];
  for (const match of (form[1] ?? "").matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
    const tag = `<button${match[1] ?? ""}>`;
    const name = attribute(tag, "name");
    if (name === undefined) continue;
    buttons.push({
      name,
      value: attribute(tag, "value") ?? "",
      label: (match[2] ?? "").replace(/<[^>]*>/g, "").trim(),
    });
  }
  return {
    method: (attribute(openTag, "method") ?? "get").toUpperCase(),
    action: attribute(openTag, "action") ?? "",
    fields,
    inputNames,
    buttons,
  };
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

export function authorizeUrl(base: string, request: AuthorizeRequest): string {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
  });
  if (request.state !== undefined) query.set("state", request.state);
  if (request.codeChallenge !== undefined) query.set("code_challenge", request.codeChallenge);
  if (request.codeChallengeMethod !== undefined) {
    query.set("code_challenge_method", request.codeChallengeMethod);
  }
  return `${base}/oauth/authorize?${query}`;
}

/**
 * Opens the consent page, signs in as `email` and presses the button whose
 * label is `button` ("Allow" or "Decline"). Returns the redirect target, or
 * null when the page answered without redirecting.
 */
export async function consent(
  base: string,
  request: AuthorizeRequest,
  email: string,
  button: "Allow" | "Decline" = "Allow",
): Promise<URL | null> {
  const page = await fetch(authorizeUrl(base, request), { redirect: "manual" });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${html}`);
  const form = parseForm(html);
  const pressed = form.buttons.find((candidate) => candidate.label === button);
  if (pressed === undefined) throw new Error(`no ${button} button on the consent page`);
  const emailField = form.inputNames.find((name) => !(name in form.fields));
  const body = new URLSearchParams(form.fields);
  if (emailField !== undefined) body.set(emailField, email);
  body.set(pressed.name, pressed.value);
  const submitted = await fetch(new URL(form.action, page.url), {
    method: form.method,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
    redirect: "manual",
  });
  await submitted.arrayBuffer();
  const location = submitted.headers.get("location");
  if (submitted.status < 300 || submitted.status >= 400 || location === null) return null;
  return new URL(location);
}

/** Consents and returns the authorization code, failing loudly otherwise. */
export async function authorizationCode(
  base: string,
  request: AuthorizeRequest,
  email: string,
): Promise<string> {
  const target = await consent(base, request, email, "Allow");
  const code = target?.searchParams.get("code");
  if (code === null || code === undefined) throw new Error(`no code in ${target}`);
  return code;
}

export interface App {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

export async function exchangeCode(
  base: string,
  app: App,
  code: string,
  extra: Record<string, string> = {},
): Promise<Reply> {
  return oauthPost(
    base,
    "/oauth/token",
    { grant_type: "authorization_code", code, redirect_uri: app.redirectUri, ...extra },
    basic(app.clientId, app.clientSecret),
  );
}

/** The whole authorization-code flow for one user; fails unless Zoom issues tokens. */
export async function connect(base: string, app: App, email: string): Promise<Tokens> {
  const code = await authorizationCode(
    base,
    { clientId: app.clientId, redirectUri: app.redirectUri, state: "s" },
    email,
  );
  const reply = await exchangeCode(base, app, code);
  if (reply.status !== 200)
    throw new Error(`token exchange answered ${reply.status}: ${reply.text}`);
  return reply.json as Tokens;
}

export async function refresh(base: string, app: App, refreshToken: string): Promise<Reply> {
  return oauthPost(
    base,
    "/oauth/token",
    { grant_type: "refresh_token", refresh_token: refreshToken },
    basic(app.clientId, app.clientSecret),
  );
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

let counter = 0;
/** A name no other test in the same sandbox uses. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}${randomBytes(3).toString("hex")}`;
}

export interface SeededUser {
  id: string;
  email: string;
  account_id: string;
}

export async function seedAccount(base: string, plan: "free" | "pro" | "business") {
  const reply = await control(base, "POST", "/accounts", { plan });
  if (reply.status !== 201) throw new Error(`account: ${reply.status} ${reply.text}`);
  return reply.json as { id: string; plan: string };
}

export async function seedUser(
  base: string,
  accountId: string,
  type: 1 | 2 | 4 | 99,
  role: "owner" | "admin" | "member",
  email = `${unique("u")}@probe.test`,
): Promise<SeededUser> {
  const reply = await control(base, "POST", "/users", {
    email,
    account_id: accountId,
    type,
    role,
    first_name: "Pat",
    last_name: "Probe",
    timezone: "Europe/Berlin",
  });
  if (reply.status !== 201) throw new Error(`user: ${reply.status} ${reply.text}`);
  return reply.json as SeededUser;
}

export const USER_SCOPES = [
  "meeting:write:meeting",
  "meeting:read:meeting",
  "meeting:update:meeting",
  "meeting:delete:meeting",
  "meeting:read:list_meetings",
  "user:read:user",
];

export const ADMIN_SCOPES = USER_SCOPES.map((scope) => `${scope}:admin`);

export async function seedApp(
  base: string,
  kind: "user" | "admin",
  scopes: string[],
  extra: Record<string, unknown> = {},
): Promise<App> {
  const app: App = {
    clientId: unique("client"),
    clientSecret: unique("secret"),
    redirectUri: "https://confab.example/zoom/callback",
  };
  const reply = await control(base, "POST", "/apps", {
    client_id: app.clientId,
    client_secret: app.clientSecret,
    kind,
    redirect_uris: [app.redirectUri],
    scopes,
    ...extra,
  });
  if (reply.status !== 201) throw new Error(`app: ${reply.status} ${reply.text}`);
  return app;
}

/** A pro account with a licensed owner connected through a user-managed app. */
export async function licensedHost(base: string, plan: "free" | "pro" | "business" = "pro") {
  const account = await seedAccount(base, plan);
  const user = await seedUser(base, account.id, plan === "free" ? 1 : 2, "owner");
  const app = await seedApp(base, "user", USER_SCOPES);
  const tokens = await connect(base, app, user.email);
  return { account, user, app, tokens };
}

export async function advanceClock(base: string, seconds: number): Promise<Date> {
  const reply = await control(base, "POST", "/clock", { advance_seconds: seconds });
  if (reply.status !== 200) throw new Error(`clock: ${reply.status} ${reply.text}`);
  return new Date(reply.json.now);
}

export async function sandboxNow(base: string): Promise<Date> {
  return new Date((await control(base, "GET", "/clock")).json.now);
}

/** Seconds from the sandbox's now to the next 00:00 UTC, plus `after`. */
export async function secondsToNextUtcMidnight(base: string, after = 0): Promise<number> {
  const now = await sandboxNow(base);
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.ceil((midnight - now.getTime()) / 1000) + after;
}

export function meetingBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    topic: "Probe meeting",
    type: 2,
    start_time: "2030-05-04T10:00:00Z",
    duration: 45,
    timezone: "UTC",
    agenda: "created by the probe",
    ...overrides,
  };
}

/** The meeting id exactly as it appears in the JSON text, so no precision is lost. */
export function rawMeetingId(text: string): string {
  const match = /"id"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"[^"]*")/.exec(text);
  if (match?.[1] === undefined) throw new Error(`no id in ${text}`);
  return match[1];
}

/** Zoom's signature: `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`). */
export function expectedSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

/**
 * What a receiver must check before trusting a delivery: the signature over
 * the raw bytes, compared in constant time, and a timestamp no older or newer
 * than five minutes.
 */
export function verifyDelivery(
  secret: string,
  headers: IncomingHttpHeaders,
  rawBody: string,
  nowMs = Date.now(),
): string | null {
  const signature = headers["x-zm-signature"];
  const timestamp = headers["x-zm-request-timestamp"];
  if (typeof signature !== "string") return "no x-zm-signature";
  if (typeof timestamp !== "string" || !/^\d+$/.test(timestamp)) {
    return "no epoch-seconds x-zm-request-timestamp";
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > 300) return "timestamp outside ±5 minutes";
  const expected = Buffer.from(expectedSignature(secret, timestamp, rawBody));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return "signature does not match";
  }
  if (typeof headers["x-zm-request-id"] !== "string") return "no x-zm-request-id";
  return null;
}

export interface Delivery {
  headers: IncomingHttpHeaders;
  rawBody: string;
  // biome-ignore lint/suspicious/noExplicitAny: events are checked field by field
  body: any;
  /** Why the delivery must not be trusted, or null when it verifies. */
  problem: string | null;
}

export interface Receiver {
  url: string;
  deliveries: Delivery[];
  waitFor(event: string, count?: number, timeoutMs?: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

/**
 * A webhook endpoint: answers `endpoint.url_validation` as Zoom asks (or
 * wrongly, to see that the sandbox notices) and 200 to everything else.
 */
export async function startReceiver(
  secret: string,
  validation: "right" | "wrong" = "right",
): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let body: unknown = null;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = null;
      }
      deliveries.push({
        headers: request.headers,
        rawBody,
        body,
        problem: verifyDelivery(secret, request.headers, rawBody),
      });
      const event = body as { event?: string; payload?: { plainToken?: string } } | null;
      if (event?.event === "endpoint.url_validation") {
        const plainToken = event.payload?.plainToken ?? "";
        const key = validation === "right" ? secret : `${secret}-not`;
        const encryptedToken = createHmac("sha256", key).update(plainToken).digest("hex");
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ plainToken, encryptedToken }));
        return;
      }
      response.writeHead(200);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/zoom/events`,
    deliveries,
    async waitFor(event, count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = deliveries.filter((delivery) => delivery.body?.event === event);
        if (matching.length >= count) return matching;
        if (Date.now() > deadline) {
          throw new Error(`${count} × ${event} not received; got ${deliveries.length} deliveries`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
