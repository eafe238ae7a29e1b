import assert from "node:assert/strict";
import { startZoomSandbox } from "../../sandbox/zoom/index.ts";

export { consentAtZoom } from "./zoom-consent.ts";

import { cleanup } from "./cleanup.ts";

export const userApp = { clientId: "confab-user-app", clientSecret: "user-app-secret-0123456789" };
export const orgApp = { clientId: "confab-org-app", clientSecret: "org-app-secret-0123456789" };
export const webhookSecret = "zoom-webhook-secret-token";

// Written out rather than taken from confab's own list: the apps are registered as the README
// documents, and Zoom grants an app what it was registered with, so a call needing a scope the
// README does not list fails here.
const granular = [
  "meeting:write:meeting",
  "meeting:read:meeting",
  "meeting:update:meeting",
  "meeting:delete:meeting",
  "meeting:read:list_meetings",
  "user:read:user",
];

export interface SandboxCall {
  method: string;
  path: string;
  status: number | null;
  user_email: string | null;
  client_id: string | null;
  fault: string | null;
  rate_limit_type: string | null;
}

/**
 * A Zoom sandbox set up as an operator would set up Zoom for confab: a paid account with an
 * owner, an admin, a member and an unlicensed user; a free account; confab's user-managed and
 * admin-managed apps, registered with confab's redirect URI.
 */
export async function startZoomWorld(publicUrl: string) {
  const zoom = await startZoomSandbox({ port: 0 });
  cleanup(() => zoom.close());

  async function control<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ) {
    const response = await fetch(`${zoom.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `sandbox ${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const paid = await control<{ id: string }>("POST", "/accounts", { plan: "pro" });
  const free = await control<{ id: string }>("POST", "/accounts", { plan: "free" });
  const users = {
    owner: "owner@acme.example",
    admin: "admin@acme.example",
    member: "member@acme.example",
    other: "other@acme.example",
    basic: "basic@free.example",
  };
  await control("POST", "/users", {
    email: users.owner,
    account_id: paid.id,
    type: 2,
    role: "owner",
  });
  await control("POST", "/users", {
    email: users.admin,
    account_id: paid.id,
    type: 2,
    role: "admin",
  });
  await control("POST", "/users", {
    email: users.member,
    account_id: paid.id,
    type: 2,
    role: "member",
  });
  await control("POST", "/users", {
    email: users.other,
    account_id: paid.id,
    type: 2,
    role: "member",
  });
  await control("POST", "/users", {
    email: users.basic,
    account_id: free.id,
    type: 1,
    role: "owner",
  });
  const redirect = `${publicUrl}/oauth/zoom/callback`;
  await control("POST", "/apps", {
    client_id: userApp.clientId,
    client_secret: userApp.clientSecret,
    kind: "user",
    name: "confab",
    redirect_uris: [redirect],
    scopes: granular,
  });
  await control("POST", "/apps", {
    client_id: orgApp.clientId,
    client_secret: orgApp.clientSecret,
    kind: "admin",
    name: "confab for organizations",
    redirect_uris: [redirect],
    scopes: granular.map((s) => `${s}:admin`),
  });

  return {
    url: zoom.url,
    control,
    users,
    accounts: { paid: paid.id, free: free.id },
    env: {
      ZOOM_OAUTH_BASE_URL: zoom.url,
      ZOOM_API_BASE_URL: `${zoom.url}/v2`,
      ZOOM_USER_CLIENT_ID: userApp.clientId,
      ZOOM_USER_CLIENT_SECRET: userApp.clientSecret,
      ZOOM_ORG_CLIENT_ID: orgApp.clientId,
      ZOOM_ORG_CLIENT_SECRET: orgApp.clientSecret,
      ZOOM_WEBHOOK_SECRET: webhookSecret,
    },
    calls: async (filter: Partial<SandboxCall> = {}) =>
      (await control<SandboxCall[]>("GET", "/calls")).filter((call) =>
        Object.entries(filter).every(([key, value]) => call[key as keyof SandboxCall] === value),
      ),
  };
}
