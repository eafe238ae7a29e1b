import assert from "node:assert/strict";
import { startMicrosoftSandbox } from "../../sandbox/microsoft/index.ts";
import { cleanup } from "./cleanup.ts";

export { consentAtMicrosoft, installAtMicrosoft } from "./microsoft-consent.ts";

export const teamsUserApp = {
  clientId: "confab-teams-user-app",
  clientSecret: "teams-user-app-secret-0123456789",
};

/**
 * confab's organization app, as docs/production.md registers it: the application permissions a
 * tenant admin grants for everyone. Registered in every world; confab uses it only when a test
 * passes `teamsOrgEnv` (organization installs of Teams are off without it).
 */
export const teamsOrgApp = {
  clientId: "confab-teams-org-app",
  clientSecret: "teams-org-app-secret-0123456789",
};

export const teamsOrgEnv = {
  MICROSOFT_ORG_CLIENT_ID: teamsOrgApp.clientId,
  MICROSOFT_ORG_CLIENT_SECRET: teamsOrgApp.clientSecret,
};

export interface GraphSubscription {
  id: string;
  resource: string;
  changeType: string;
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
  creatorId: string;
}

export interface GraphDelivery {
  id: string;
  kind: "change" | "lifecycle";
  subscriptionId: string;
  url: string;
  attempt: number;
  body: { value: Record<string, unknown>[] };
  status: number | null;
  error: string | null;
}

export interface MicrosoftCall {
  method: string;
  path: string;
  query: string;
  status: number | null;
  user: string | null;
  client_id: string | null;
  tenant_id: string | null;
  fault: string | null;
  time?: string;
}

/**
 * A Microsoft sandbox set up as an operator sets up Microsoft for confab (docs/production.md):
 * the tenant Acme with a Global Administrator, licensed members and a member without a Teams
 * licence; a personal outlook.com account; confab's user app registered with confab's redirect
 * URI, the delegated permissions the guide lists, and work, school and personal accounts allowed
 * to sign in (so confab itself refuses the personal ones, with its reason).
 */
export async function startMicrosoftWorld(publicUrl: string) {
  const microsoft = await startMicrosoftSandbox({ port: 0 });
  cleanup(() => microsoft.close());

  async function control<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ) {
    const response = await fetch(`${microsoft.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `Microsoft sandbox ${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const tenant = await control<{ id: string }>("POST", "/tenants", {
    display_name: "Acme",
    domain: "acme.example",
  });
  const users = {
    admin: "admin@acme.example",
    member: "member@acme.example",
    other: "other@acme.example",
    unlicensed: "unlicensed@acme.example",
    personal: "someone@outlook.com",
  };
  const work = (email: string, extra: Record<string, unknown> = {}) =>
    control("POST", "/users", { email, account_type: "work", tenant_id: tenant.id, ...extra });
  await work(users.admin, { admin_role: "global_administrator", display_name: "Acme Admin" });
  await work(users.member, { display_name: "Acme Member" });
  await work(users.other, { display_name: "Acme Other" });
  await work(users.unlicensed, { teams_licensed: false, display_name: "Acme Unlicensed" });
  await control("POST", "/users", { email: users.personal, account_type: "personal" });
  await control("POST", "/apps", {
    client_id: teamsUserApp.clientId,
    client_secret: teamsUserApp.clientSecret,
    name: "confab",
    redirect_uris: [`${publicUrl}/oauth/ms_teams/callback`],
    sign_in_audience: "AzureADandPersonalMicrosoftAccount",
    delegated_permissions: ["User.Read", "Calendars.ReadWrite"],
  });
  await control("POST", "/apps", {
    client_id: teamsOrgApp.clientId,
    client_secret: teamsOrgApp.clientSecret,
    name: "confab for organizations",
    redirect_uris: [`${publicUrl}/oauth/ms_teams/callback`],
    sign_in_audience: "AzureADMultipleOrgs",
    application_permissions: ["Calendars.ReadWrite", "User.Read.All"],
    // The install signs its admin in first and reads their directory roles (`wids`).
    group_membership_claims: "DirectoryRole",
  });

  return {
    url: microsoft.url,
    control,
    users,
    tenantId: tenant.id,
    /** One more member of Acme, with a Teams licence unless told otherwise. */
    addWorkUser: async (email: string, extra: Record<string, unknown> = {}) => {
      await work(email, extra);
      return email;
    },
    env: {
      MICROSOFT_AUTHORITY_URL: microsoft.url,
      MICROSOFT_GRAPH_URL: microsoft.url,
      MICROSOFT_USER_CLIENT_ID: teamsUserApp.clientId,
      MICROSOFT_USER_CLIENT_SECRET: teamsUserApp.clientSecret,
    },
    /**
     * The Outlook events in a mailbox (or every mailbox) counted by the confab event they were
     * made for (the transactionId confab gives each): a count above one is a duplicate.
     */
    eventsPerMarker: async (mailbox?: string) => {
      const held = await control<{ event: { transactionId?: string | null } }[]>(
        "GET",
        `/graph/events${mailbox ? `?mailbox=${encodeURIComponent(mailbox)}` : ""}`,
      );
      const counts = new Map<string, number>();
      for (const { event } of held) {
        const marker = /^confab-(evt_\w+)$/.exec(event.transactionId ?? "")?.[1] ?? "unmarked";
        counts.set(marker, (counts.get(marker) ?? 0) + 1);
      }
      return counts;
    },
    /** Graph's change-notification subscriptions, as `GET /v1.0/subscriptions/{id}` shows them. */
    subscriptions: () => control<GraphSubscription[]>("GET", "/graph/subscriptions"),
    /** Every delivery Graph attempted to a notification or lifecycle URL. */
    notifications: () => control<GraphDelivery[]>("GET", "/graph/notifications"),
    /** A sandbox user's object id, by the address they sign in with. */
    userId: async (email: string) => {
      const all = await control<{ id: string; user_principal_name: string }[]>("GET", "/users");
      const found = all.find((user) => user.user_principal_name === email);
      assert.ok(found, `no Microsoft user ${email}`);
      return found.id;
    },
    calls: async (filter: Partial<MicrosoftCall> = {}) =>
      (await control<MicrosoftCall[]>("GET", "/calls")).filter((call) =>
        Object.entries(filter).every(([key, value]) => call[key as keyof MicrosoftCall] === value),
      ),
  };
}

export type MicrosoftWorld = Awaited<ReturnType<typeof startMicrosoftWorld>>;
