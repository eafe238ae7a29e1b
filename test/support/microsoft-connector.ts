import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { startMicrosoftSandbox } from "../../sandbox/microsoft/index.ts";
import { createMicrosoftProvider } from "../../src/providers/microsoft/microsoft-provider.ts";
import type { MicrosoftSettings } from "../../src/providers/microsoft/microsoft-settings.ts";
import {
  type AccessContext,
  type GrantedConnection,
  isContinuation,
} from "../../src/providers/provider.ts";
import { cleanup } from "./cleanup.ts";
import { useTestDatabase } from "./test-database.ts";

/** The redirect URI confab registers with Microsoft; the consent test never follows it. */
export const microsoftRedirectUri = "http://127.0.0.1:9/oauth/ms_teams/callback";

export interface SandboxCall {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number | null;
  fault: string | null;
}

/**
 * A Microsoft sandbox with one organization and the people a connector meets (a Teams-licensed
 * user, one without a Teams licence, a personal Microsoft account), confab's app registered in
 * it, and the Microsoft Teams provider pointed at it on a database of this file's own. `connect`
 * goes through the sign-in and consent pages over HTTP as a person does and hands the callback
 * to the provider.
 */
export async function startMicrosoftWorld() {
  const sandbox = await startMicrosoftSandbox({ port: 0 });
  cleanup(() => sandbox.close());
  const database = await useTestDatabase();

  async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const reply = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await reply.text();
    assert.ok(reply.status < 400, `sandbox ${method} ${path}: ${reply.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const tenant = await control<{ id: string }>("POST", "/tenants", {
    display_name: "Contoso",
    domain: "contoso.test",
  });
  const users = {
    licensed: "ada@contoso.test",
    unlicensed: "ben@contoso.test",
    noMailbox: "cy@contoso.test",
    personal: "pat@outlook.test",
  };
  await control("POST", "/users", {
    email: users.licensed,
    account_type: "work",
    tenant_id: tenant.id,
    display_name: "Ada Lovelace",
  });
  await control("POST", "/users", {
    email: users.unlicensed,
    account_type: "work",
    tenant_id: tenant.id,
    display_name: "Ben Unlicensed",
    teams_licensed: false,
  });
  await control("POST", "/users", {
    email: users.noMailbox,
    account_type: "work",
    tenant_id: tenant.id,
    display_name: "Cy Nomailbox",
    has_mailbox: false,
  });
  await control("POST", "/users", {
    email: users.personal,
    account_type: "personal",
    display_name: "Pat Personal",
  });
  const app = await control<{ client_id: string; client_secret: string }>("POST", "/apps", {
    name: "confab",
    redirect_uris: [microsoftRedirectUri],
  });

  const settings: MicrosoftSettings = {
    authorityBaseUrl: sandbox.url,
    graphBaseUrl: sandbox.url,
    userApp: { clientId: app.client_id, clientSecret: app.client_secret },
    orgApp: undefined,
    requestTimeoutMs: 3_000,
  };
  const db = database.db;
  const provider = createMicrosoftProvider(settings, db);

  /** Signs in and accepts (or cancels) on Microsoft's consent page; returns the callback URL. */
  async function consentAtMicrosoft(url: URL, email: string, decision: "accept" | "cancel") {
    const page = await fetch(url, { redirect: "manual" });
    const body = await page.text();
    assert.equal(page.status, 200, body);
    const action = /<form method="post" action="([^"]+)"/.exec(body)?.[1];
    assert.ok(action, "the sign-in page has a form");
    const form = new URLSearchParams();
    for (const [, name, value] of body.matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
    )) {
      form.set(decode(name as string), decode(value as string));
    }
    form.set("email", email);
    form.set("decision", decision);
    const answer = await fetch(new URL(decode(action), url), {
      method: "POST",
      body: form,
      redirect: "manual",
    });
    const location = answer.headers.get("location");
    assert.ok(location, `Microsoft redirects after ${decision}: ${answer.status}`);
    return new URL(location);
  }

  /** Starts a personal connection, consents as `email`, and finishes it at the provider. */
  async function connect(
    email: string,
    decision: "accept" | "cancel" = "accept",
  ): Promise<GrantedConnection> {
    const state = randomBytes(16).toString("base64url");
    const codeVerifier = randomBytes(32).toString("base64url");
    const codeChallenge = createHash("sha256").update(codeVerifier).digest("base64url");
    const url = provider.authorizationUrl("personal", {
      state,
      codeChallenge,
      redirectUri: microsoftRedirectUri,
    });
    const callback = await consentAtMicrosoft(url, email, decision);
    const granted = await provider.completeAuthorization("personal", {
      parameters: callback.searchParams,
      expectedState: state,
      codeVerifier,
      redirectUri: microsoftRedirectUri,
    });
    assert.ok(!isContinuation(granted), "a personal connection has one step");
    return granted;
  }

  /** What the core hands a provider call for a personal connection with this grant. */
  function accessOf(grant: GrantedConnection): AccessContext {
    return {
      accessToken: grant.accessToken,
      kind: "personal",
      accountKey: grant.externalAccountId,
      userEmail: grant.email,
    };
  }

  const calls = async (match: { method?: string; path?: RegExp } = {}) =>
    (await control<SandboxCall[]>("GET", "/calls")).filter(
      (call) =>
        (match.method === undefined || call.method === match.method) &&
        (match.path === undefined || match.path.test(call.path)),
    );

  const eventsOf = (mailbox: string) =>
    control<{ mailbox: string; event: Record<string, unknown> }[]>(
      "GET",
      `/graph/events?mailbox=${encodeURIComponent(mailbox)}`,
    );

  return {
    sandbox,
    tenant,
    users,
    app,
    settings,
    db,
    provider,
    control,
    connect,
    consentAtMicrosoft,
    accessOf,
    calls,
    eventsOf,
  };
}

function decode(text: string): string {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
