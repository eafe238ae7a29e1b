import { startAuthorization } from "../../src/connections/authorize-connection.ts";
import { bindingCookie, oauthRedirectUri } from "../../src/connections/oauth-binding.ts";
import { newBrowserBinding } from "../../src/connections/oauth-states.ts";
import type { ConnectionKind } from "../../src/providers/provider.ts";
import { createZoomProvider } from "../../src/providers/zoom/zoom-provider.ts";
import { createVault } from "../../src/vault/vault.ts";
import { freePort, startTestApp } from "./test-app.ts";
import { consentAtZoom, startZoomWorld } from "./zoom-world.ts";

/**
 * confab (web role) and a Zoom sandbox wired to each other, plus the way a person connects an
 * account: start at confab, consent at Zoom, come back to confab's callback.
 */
export async function startConnectorWorld(env: Record<string, string> = {}) {
  const port = await freePort();
  const world = await startZoomWorld(`http://127.0.0.1:${port}`);
  const confab = await startTestApp(
    { web: true, worker: false },
    { port, env: { ...world.env, ...env } },
  );
  const db = confab.database.db;
  const vault = createVault(confab.config.secretKey as string);
  const provider = createZoomProvider(confab.config.zoom, db);
  const deps = { db, vault, provider, redirectUri: oauthRedirectUri(confab.config, "zoom") };

  async function connect(
    kind: ConnectionKind,
    email: string,
    options: {
      decision?: "Allow" | "Decline";
      ownerRef?: string;
      binding?: string;
      /** Runs while the person is at Zoom: e.g. to let the state expire. */
      whileAtZoom?: () => Promise<unknown>;
    } = {},
  ) {
    const binding = newBrowserBinding();
    const url = await startAuthorization(deps, {
      kind,
      ownerRef: options.ownerRef ?? "usr_test",
      binding,
      returnTo: "/account/conferencing",
    });
    const callback = await consentAtZoom(url, email, options.decision ?? "Allow");
    await options.whileAtZoom?.();
    const reply = await fetch(callback, {
      headers: { cookie: `${bindingCookie}=${options.binding ?? binding}` },
      redirect: "manual",
    });
    const location = reply.headers.get("location");
    const result = location ? new URL(location, confab.url).searchParams : new URLSearchParams();
    return { reply, callback, location, result, body: location ? "" : await reply.text() };
  }

  /** Connects and returns the connection id, failing the test if it did not connect. */
  async function connected(kind: ConnectionKind, email: string, ownerRef = "usr_test") {
    const { result, body } = await connect(kind, email, { ownerRef });
    const id = result.get("connection_id");
    if (result.get("connection_result") !== "connected" || !id) {
      throw new Error(`expected ${email} to connect: ${result.toString()} ${body}`);
    }
    return id;
  }

  return { world, confab, db, vault, provider, deps, connect, connected };
}
