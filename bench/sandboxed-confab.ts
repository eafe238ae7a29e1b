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
import { zoomScopes } from "../src/providers/zoom/zoom-access.ts";
import { createZoomProvider } from "../src/providers/zoom/zoom-provider.ts";
import { createVault, generateSecretKey } from "../src/vault/vault.ts";
import { consentAtZoom } from "../test/support/zoom-consent.ts";

const main = path.resolve(import.meta.dirname, "../src/main.ts");

/**
 * A throwaway PostgreSQL, a Zoom sandbox in a process of its own, confab's user-managed app
 * registered in it, and one licensed user's connection made through Zoom's consent page.
 */
export async function startSandboxedConfab() {
  const logger = createLogger("warn");
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "confab-bench-"));
  const postgres = await startEmbeddedPostgres({ dataDir, logger, disposable: true });

  const sandbox = spawn(process.execPath, [main, "zoom-sandbox", "--port", "0", "--json"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    sandbox.stdout.once("data", (chunk) => resolve(JSON.parse(String(chunk)).url));
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
  const account = await control<{ id: string }>("POST", "/accounts", { plan: "pro" });
  await control("POST", "/users", {
    email: "host@bench.example",
    account_id: account.id,
    type: 2,
    role: "owner",
  });
  await control("POST", "/apps", {
    client_id: "benchuserapp",
    client_secret: "benchusersecret",
    kind: "user",
    redirect_uris: [`${publicUrl}/oauth/zoom/callback`],
    // Registered as the README tells an operator to: exactly the scopes confab asks for.
    scopes: zoomScopes("personal"),
  });

  const env = {
    DATABASE_URL: postgres.url,
    CONFAB_SECRET_KEY: generateSecretKey(),
    PUBLIC_URL: publicUrl,
    LOG_LEVEL: "warn",
    ZOOM_OAUTH_BASE_URL: url,
    ZOOM_API_BASE_URL: `${url}/v2`,
    ZOOM_USER_CLIENT_ID: "benchuserapp",
    ZOOM_USER_CLIENT_SECRET: "benchusersecret",
  };
  const config = loadConfig(env);
  const database = connect(postgres.url, logger, 4);
  await migrateToLatest(database.db, database.pool);
  const vault = createVault(env.CONFAB_SECRET_KEY);
  const provider = createZoomProvider(config.zoom, database.db);
  const deps = {
    db: database.db,
    vault,
    provider,
    redirectUri: `${publicUrl}/oauth/zoom/callback`,
  };
  /**
   * A licensed host's Zoom user (the first one, or another of the same account, made on first
   * use), connected for `ownerRef` through the consent page. Each host has its own daily 100.
   */
  async function connectHost(ownerRef: string, email = "host@bench.example"): Promise<string> {
    if (email !== "host@bench.example") {
      await control("POST", "/users", { email, account_id: account.id, type: 2, role: "member" });
    }
    const binding = newBrowserBinding();
    const consentUrl = await startAuthorization(deps, {
      kind: "personal",
      ownerRef,
      binding,
      returnTo: "/",
    });
    const callback = await consentAtZoom(consentUrl, email, "Allow");
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
    env,
    db: database.db,
    vault,
    connectHost,
    connectionId,
    token: vault.decrypt(row.access_token as string, "provider_connections.access_token"),
    world: {
      url,
      control,
      calls: () =>
        control<{ method: string; path: string; status: number | null }[]>("GET", "/calls"),
    },
    stop: async () => {
      await database.close();
      sandbox.kill("SIGTERM");
      await postgres.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
