/**
 * What the sandbox's tests share: a running sandbox, a way to seed it through the control API,
 * and the requests a Microsoft client sends (the sign-in form, the token endpoint, Graph).
 */
import { after } from "node:test";
import { controlClient, type Json, type JsonReply } from "../../common/test-support/http.ts";
import { startMicrosoftSandbox } from "../index.ts";

export { call, type Json, type JsonReply, pkcePair } from "../../common/test-support/http.ts";

export const REDIRECT_URI = "https://confab.example/oauth/microsoft/callback";
export const CONSUMERS = "9188040d-6c67-4c5b-b112-36a304b66dad";
export const USER_SCOPES = "openid profile email offline_access User.Read Calendars.ReadWrite";

export interface TestSandbox {
  url: string;
  control(path: string, body?: unknown, method?: string): Promise<Json>;
  tenant(domain: string, name?: string): Promise<Json>;
  user(input: Record<string, unknown> & { email: string }): Promise<Json>;
  app(input?: Record<string, unknown>): Promise<Json>;
}

/** A sandbox for one test file, closed when the file's tests are done. */
export async function startTestSandbox(): Promise<TestSandbox> {
  const sandbox = await startMicrosoftSandbox({ port: 0 });
  after(() => sandbox.close());
  const control = controlClient(sandbox.url);
  return {
    url: sandbox.url,
    control,
    tenant: (domain, name = domain) => control("/_sandbox/tenants", { display_name: name, domain }),
    user: (input) => control("/_sandbox/users", { account_type: "work", ...input }),
    app: (input = {}) =>
      control("/_sandbox/apps", { name: "Confab", redirect_uris: [REDIRECT_URI], ...input }),
  };
}

export interface AuthorizeInput {
  client_id: string;
  email?: string;
  decision?: "accept" | "cancel";
  tenant?: string;
  scope?: string;
  state?: string;
  redirect_uri?: string;
  nonce?: string;
  code_challenge?: string;
  cookie?: string;
  extra?: Record<string, string>;
}

function authorizeParams(input: AuthorizeInput): URLSearchParams {
  const params = new URLSearchParams({
    client_id: input.client_id,
    response_type: "code",
    redirect_uri: input.redirect_uri ?? REDIRECT_URI,
    scope: input.scope ?? USER_SCOPES,
    state: input.state ?? "state-1",
    response_mode: "query",
    ...input.extra,
  });
  if (input.nonce !== undefined) params.set("nonce", input.nonce);
  if (input.code_challenge !== undefined) {
    params.set("code_challenge", input.code_challenge);
    params.set("code_challenge_method", "S256");
  }
  return params;
}

export interface PageReply {
  status: number;
  location: URL | null;
  html: string;
  cookie: string | null;
}

async function pageReply(response: Response): Promise<PageReply> {
  const location = response.headers.get("location");
  return {
    status: response.status,
    location: location === null ? null : new URL(location),
    html: await response.text(),
    cookie: response.headers.get("set-cookie")?.split(";")[0] ?? null,
  };
}

/** Opens the authorize endpoint as a browser does (GET). */
export async function openAuthorize(url: string, input: AuthorizeInput): Promise<PageReply> {
  const response = await fetch(
    `${url}/${input.tenant ?? "common"}/oauth2/v2.0/authorize?${authorizeParams(input)}`,
    { redirect: "manual", headers: input.cookie === undefined ? {} : { cookie: input.cookie } },
  );
  return pageReply(response);
}

/** Signs in on the consent page and presses Accept (or Cancel); returns where it leads. */
export async function consent(url: string, input: AuthorizeInput): Promise<PageReply> {
  const form = authorizeParams(input);
  form.set("email", input.email ?? "");
  form.set("decision", input.decision ?? "accept");
  const response = await fetch(`${url}/${input.tenant ?? "common"}/oauth2/v2.0/authorize`, {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  return pageReply(response);
}

export async function tokenRequest(
  url: string,
  params: Record<string, string>,
  tenant = "common",
): Promise<JsonReply> {
  const response = await fetch(`${url}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams(params),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export function exchange(url: string, app: Json, code: string, extra: Record<string, string> = {}) {
  return tokenRequest(url, {
    grant_type: "authorization_code",
    client_id: app.client_id,
    client_secret: app.client_secret,
    code,
    redirect_uri: REDIRECT_URI,
    ...extra,
  });
}

/** The whole authorization-code flow for a user; returns the token reply. */
export async function connect(
  url: string,
  app: Json,
  email: string,
  input: Partial<AuthorizeInput> = {},
): Promise<Json> {
  const { location } = await consent(url, { client_id: app.client_id, email, ...input });
  const code = location?.searchParams.get("code");
  if (code === null || code === undefined) throw new Error(`no code in ${String(location)}`);
  const reply = await exchange(url, app, code);
  if (reply.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** Presses Accept (or Cancel) on the admin consent page. */
export async function adminConsent(
  url: string,
  input: {
    client_id: string;
    email: string;
    tenant: string;
    decision?: "accept" | "cancel";
    v2scope?: string;
  },
): Promise<PageReply> {
  const form = new URLSearchParams({
    client_id: input.client_id,
    redirect_uri: REDIRECT_URI,
    state: "admin-state",
    email: input.email,
    decision: input.decision ?? "accept",
  });
  if (input.v2scope !== undefined) form.set("scope", input.v2scope);
  const path = input.v2scope === undefined ? "adminconsent" : "v2.0/adminconsent";
  const response = await fetch(`${url}/${input.tenant}/${path}`, {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  return pageReply(response);
}

export function appToken(url: string, app: Json, tenant: string) {
  return tokenRequest(
    url,
    {
      grant_type: "client_credentials",
      client_id: app.client_id,
      client_secret: app.client_secret,
      scope: "https://graph.microsoft.com/.default",
    },
    tenant,
  );
}

/** The claims of an ID token (its signature is checked by the tests that care). */
export function claimsOf(jwt: string): Json {
  const payload = jwt.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
}

/** Signs in on the sandbox's /signin page; returns the session cookie. */
export async function signInCookie(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/signin`, {
    method: "POST",
    body: new URLSearchParams({ email, next: "/myapps" }),
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (cookie === undefined) throw new Error(`no session for ${email}: ${response.status}`);
  return cookie;
}
