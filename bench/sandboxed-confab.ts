import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config.ts";
import {
  completeAuthorization,
  startAuthorization,
} from "../src/connections/authorize-connection.ts";
import { newBrowserBinding } from "../src/connections/oauth-states.ts";
import { connect } from "../src/db/database.ts";
import { startEmbeddedPostgres } from "../src/db/embedded-postgres.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { createLogger } from "../src/logging/create-logger.ts";
import type { ConferencingProvider } from "../src/providers/provider.ts";
import { createProviders } from "../src/providers/registry.ts";
import { zoomScopes } from "../src/providers/zoom/zoom-access.ts";
import { createVault, generateSecretKey } from "../src/vault/vault.ts";
import { consentAtMicrosoft } from "../test/support/microsoft-consent.ts";
import { consentAtZoom } from "../test/support/zoom-consent.ts";

const main = path.resolve(import.meta.dirname, "../src/main.ts");
const microsoftSandbox = path.resolve(import.meta.dirname, "../sandbox/microsoft/main.ts");

/** The providers a benchmark runs against: Zoom, or Microsoft Teams (Outlook events). */
export type BenchProvider = "zoom" | "ms_teams";

/** `BENCH_PROVIDER` (zoom, the default, or ms_teams): which provider's sandbox and connection. */
export function benchProvider(): BenchProvider {
  const name = process.env.BENCH_PROVIDER ?? "zoom";
  if (name !== "zoom" && name !== "ms_teams") {
    throw new Error(`BENCH_PROVIDER must be zoom or ms_teams (got "${name}")`);
  }
  return name;
}

/** Where a benchmark writes its figures: `connector.json`, `connector-ms_teams.json`, … */
export function outputName(name: string, provider: BenchProvider): string {
  return provider === "zoom" ? `${name}.json` : `${name}-${provider}.json`;
}

export interface SandboxCall {
  method: string;
  path: string;
  status: number | null;
}

export type CallKind = "create" | "update" | "delete" | "read" | "token_refresh" | "subscription";

/**
 * A throwaway PostgreSQL, the provider's sandbox in a process of its own, confab's app for
 * personal connections registered in it, and one licensed user's connection made through the
 * provider's consent page: a Zoom Pro account's host, or a Teams-licensed work account.
 */
export async function startSandboxedConfab(provider: BenchProvider = benchProvider()) {
  const logger = createLogger("warn");
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "confab-bench-"));
  const postgres = await startEmbeddedPostgres({ dataDir, logger, disposable: true });

  const sandbox =
    provider === "zoom"
      ? spawn(process.execPath, [main, "zoom-sandbox", "--port", "0", "--json"], {
          stdio: ["ignore", "pipe", "inherit"],
        })
      : spawn(process.execPath, [microsoftSandbox, "--port", "0"], {
          stdio: ["ignore", "pipe", "inherit"],
        });
  const url = await new Promise<string>((resolve, reject) => {
    sandbox.stdout.once("data", (chunk) =>
      resolve(provider === "zoom" ? JSON.parse(String(chunk)).url : String(chunk).trim()),
    );
    sandbox.once("exit", () => reject(new Error("the sandbox exited")));
  });
  const control = async <T = Record<string, unknown>>(
    method: string,
    route: string,
    body?: unknown,
  ) => {
    const reply = await fetch(`${url}/_sandbox${route}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await reply.text();
    if (!reply.ok) throw new Error(`sandbox ${method} ${route}: ${reply.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  const publicUrl = "http://127.0.0.1:9999";
  const side =
    provider === "zoom" ? await zoomSide(control, url) : await microsoftSide(control, url);
  const redirectUri = `${publicUrl}/oauth/${provider}/callback`;
  await side.registerApp(redirectUri);

  const env = {
    DATABASE_URL: postgres.url,
    CONFAB_SECRET_KEY: generateSecretKey(),
    PUBLIC_URL: publicUrl,
    LOG_LEVEL: "warn",
    BENCH_PROVIDER: provider,
    ...side.env,
  };
  const config = loadConfig(env);
  const database = connect(postgres.url, logger, 4);
  await migrateToLatest(database.db, database.pool);
  const vault = createVault(env.CONFAB_SECRET_KEY);
  const connector = createProviders(config, database.db).get(provider) as ConferencingProvider;
  const deps = { db: database.db, vault, provider: connector, redirectUri };
  /**
   * A licensed host (the first one, or another of the same account or tenant, made on first
   * use), connected for `ownerRef` through the consent page. Each Zoom host has its own daily
   * 100; each Outlook mailbox its own limits.
   */
  async function connectHost(ownerRef: string, email = "host@bench.example"): Promise<string> {
    if (email !== "host@bench.example") await side.addHost(email);
    const binding = newBrowserBinding();
    const consentUrl = await startAuthorization(deps, {
      kind: "personal",
      ownerRef,
      binding,
      returnTo: "/",
    });
    const callback = await side.consent(consentUrl, email);
    const outcome = await completeAuthorization(deps, callback.searchParams, binding);
    if (outcome.result !== "connected") {
      throw new Error(`could not connect: ${JSON.stringify(outcome)}`);
    }
    return outcome.connectionId;
  }
  const connectionId = await connectHost("usr_bench");
  const row = await database.db
    .selectFrom("provider_connections")
    .select("access_token")
    .where("id", "=", connectionId)
    .executeTakeFirstOrThrow();

  return {
    provider,
    /** The provider's name for the meetings table (`meetings.provider`). */
    providerName: connector.name,
    env,
    db: database.db,
    vault,
    connectHost,
    connectionId,
    token: vault.decrypt(row.access_token as string, "provider_connections.access_token"),
    world: {
      url,
      control,
      calls: () => control<SandboxCall[]>("GET", "/calls"),
      /** The provider's API, for a fault on every call: Zoom's `/v2`, Graph's `/v1.0`. */
      apiPaths: side.apiPaths,
      /** What a logged call did, by the provider's own routes. */
      kind: side.kind,
      /** One meeting made straight at the sandbox with `token`, as a baseline: its status. */
      createDirect: (accessToken: string, n: number) => side.createDirect(accessToken, n),
    },
    stop: async () => {
      await database.close();
      sandbox.kill("SIGTERM");
      await postgres.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

type Control = <T = Record<string, unknown>>(
  method: string,
  route: string,
  body?: unknown,
) => Promise<T>;

const tomorrowAt = (n: number) => new Date(Date.now() + 86_400_000 + n * 60_000);
const zoomTime = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** Zoom: a Pro account with its owner, confab's user-managed app with exactly its scopes. */
async function zoomSide(control: Control, url: string) {
  const account = await control<{ id: string }>("POST", "/accounts", { plan: "pro" });
  await control("POST", "/users", {
    email: "host@bench.example",
    account_id: account.id,
    type: 2,
    role: "owner",
  });
  return {
    env: {
      ZOOM_OAUTH_BASE_URL: url,
      ZOOM_API_BASE_URL: `${url}/v2`,
      ZOOM_USER_CLIENT_ID: "benchuserapp",
      ZOOM_USER_CLIENT_SECRET: "benchusersecret",
    },
    registerApp: (redirectUri: string) =>
      control("POST", "/apps", {
        client_id: "benchuserapp",
        client_secret: "benchusersecret",
        kind: "user",
        redirect_uris: [redirectUri],
        // Registered as the README tells an operator to: exactly the scopes confab asks for.
        scopes: zoomScopes("personal"),
      }),
    addHost: (email: string) =>
      control("POST", "/users", { email, account_id: account.id, type: 2, role: "member" }),
    consent: (consentUrl: URL, email: string) => consentAtZoom(consentUrl, email, "Allow"),
    apiPaths: "/v2/*",
    kind: (call: SandboxCall): CallKind =>
      call.path === "/oauth/token"
        ? "token_refresh"
        : call.method === "POST" && call.path.endsWith("/meetings")
          ? "create"
          : call.method === "PATCH"
            ? "update"
            : call.method === "DELETE"
              ? "delete"
              : "read",
    async createDirect(accessToken: string, n: number) {
      const reply = await fetch(`${url}/v2/users/me/meetings`, {
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({
          topic: `Baseline ${n}`,
          type: 2,
          start_time: zoomTime(tomorrowAt(n)),
          duration: 30,
          timezone: "UTC",
          agenda: "",
        }),
      });
      await reply.text();
      return reply.status;
    },
  };
}

/**
 * Microsoft: a tenant with a Teams-licensed member, confab's app with the delegated permissions
 * the production guide lists.
 */
async function microsoftSide(control: Control, url: string) {
  const tenant = await control<{ id: string }>("POST", "/tenants", {
    display_name: "Bench",
    domain: "bench.example",
  });
  const addHost = (email: string) =>
    control("POST", "/users", { email, account_type: "work", tenant_id: tenant.id });
  await addHost("host@bench.example");
  return {
    env: {
      MICROSOFT_AUTHORITY_URL: url,
      MICROSOFT_GRAPH_URL: url,
      MICROSOFT_USER_CLIENT_ID: "benchteamsapp",
      MICROSOFT_USER_CLIENT_SECRET: "benchteamssecret",
    },
    registerApp: (redirectUri: string) =>
      control("POST", "/apps", {
        client_id: "benchteamsapp",
        client_secret: "benchteamssecret",
        name: "confab",
        redirect_uris: [redirectUri],
        sign_in_audience: "AzureADandPersonalMicrosoftAccount",
        delegated_permissions: ["User.Read", "Calendars.ReadWrite"],
      }),
    addHost,
    consent: (consentUrl: URL, email: string) => consentAtMicrosoft(consentUrl, email, "Accept"),
    apiPaths: "/v1.0/*",
    kind: (call: SandboxCall): CallKind =>
      call.path.endsWith("/oauth2/v2.0/token")
        ? "token_refresh"
        : // confab asks Graph for change notifications on the host's calendar: not a meeting call.
          call.path.startsWith("/v1.0/subscriptions")
          ? "subscription"
          : call.method === "POST" && call.path.endsWith("/events")
            ? "create"
            : call.method === "PATCH"
              ? "update"
              : call.method === "DELETE"
                ? "delete"
                : "read",
    async createDirect(accessToken: string, n: number) {
      const start = tomorrowAt(n);
      const end = new Date(start.getTime() + 30 * 60_000);
      const graphTime = (date: Date) => ({
        dateTime: date.toISOString().slice(0, 19),
        timeZone: "UTC",
      });
      const reply = await fetch(`${url}/v1.0/me/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({
          subject: `Baseline ${n}`,
          body: { contentType: "text", content: "" },
          start: graphTime(start),
          end: graphTime(end),
          isOnlineMeeting: true,
          onlineMeetingProvider: "teamsForBusiness",
          allowNewTimeProposals: false,
        }),
      });
      await reply.text();
      return reply.status;
    },
  };
}
