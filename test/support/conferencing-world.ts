import assert from "node:assert/strict";
import http from "node:http";
import { startAuthorization } from "../../src/connections/authorize-connection.ts";
import { bindingCookie, oauthRedirectUri } from "../../src/connections/oauth-binding.ts";
import { newBrowserBinding } from "../../src/connections/oauth-states.ts";
import { createApplication } from "../../src/orgs/applications.ts";
import { createOrganization } from "../../src/orgs/create-organization.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import type { ConferencingProvider } from "../../src/providers/provider.ts";
import { createProviders } from "../../src/providers/registry.ts";
import { createZoomProvider } from "../../src/providers/zoom/zoom-provider.ts";
import { createVault } from "../../src/vault/vault.ts";
import { cleanup } from "./cleanup.ts";
import { startInProcessWorker } from "./in-process-worker.ts";
import { consentAtMicrosoft, type MicrosoftWorld, startMicrosoftWorld } from "./microsoft-world.ts";
import { addConfirmedMember, password } from "./tenant.ts";
import { freePort, startTestApp } from "./test-app.ts";
import { webClient } from "./web-client.ts";
import { consentAtZoom, startZoomWorld } from "./zoom-world.ts";

export interface ApiReply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/**
 * confab (web and worker) on a Zoom sandbox, with an organization that has registered one
 * application: what an application developer's integration test stands on. With
 * `inProcessWorker: false` no worker runs here: the test starts `confab worker` processes itself.
 * With `microsoft: true` a Microsoft sandbox runs too, as confab's user app for personal Teams.
 */
export async function startConferencingWorld(
  env: Record<string, string> = {},
  options: { inProcessWorker?: boolean; microsoft?: boolean } = {},
) {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const zoom = await startZoomWorld(publicUrl);
  const microsoft: MicrosoftWorld | undefined = options.microsoft
    ? await startMicrosoftWorld(publicUrl)
    : undefined;
  const confab = await startTestApp(
    { web: true, worker: false },
    { port, env: { ...zoom.env, ...microsoft?.env, ...env } },
  );
  const db = confab.database.db;
  if (options.inProcessWorker !== false) await startInProcessWorker(confab);
  const vault = createVault(confab.config.secretKey as string);
  const provider = createZoomProvider(confab.config.zoom, db);

  let organizations = 0;
  async function registerApplication(redirectUris = ["http://127.0.0.1:9/connected"]) {
    organizations += 1;
    const slug = `scheduling-${organizations}`;
    await createOrganization(db, {
      name: `Scheduling ${organizations}`,
      slug,
      actor: commandLineActor,
    });
    const access = await loadOrgAccessForCommandLine(db, slug);
    const made = await createApplication(db, vault, access, {
      name: `Scheduler ${organizations}`,
      redirectUris,
      actor: commandLineActor,
    });
    return {
      id: made.application.id,
      name: made.application.name,
      clientId: made.application.clientId,
      clientSecret: made.clientSecret,
    };
  }
  const application = await registerApplication();

  async function api(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; timeoutMs?: number } = {},
  ): Promise<ApiReply> {
    const response = await fetch(new URL(path, confab.url), {
      method,
      ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}),
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: options.body === undefined ? null : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : {},
      headers: response.headers,
    };
  }

  /** An application calendar and its tokens. */
  async function calendarFor(applicationCalendarId: string, app = application) {
    const reply = await api("POST", "/v1/application_calendars", {
      body: {
        client_id: app.clientId,
        client_secret: app.clientSecret,
        application_calendar_id: applicationCalendarId,
      },
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const token = reply.body.access_token as string;
    const calendars = await api("GET", "/v1/calendars", { token });
    const calendarId =
      calendars.status === 200
        ? ((calendars.body.calendars as { calendar_id: string }[])[0]?.calendar_id as string)
        : await db
            .selectFrom("application_calendars")
            .select("id")
            .where("sub", "=", reply.body.sub as string)
            .executeTakeFirstOrThrow()
            .then((row) => row.id);
    return {
      token,
      refreshToken: reply.body.refresh_token as string,
      sub: reply.body.sub as string,
      calendarId,
    };
  }

  /** Connects a Zoom user as a conferencing profile of `ownerRef`, as the hosted link does. */
  async function linkZoom(ownerRef: string, email: string) {
    const binding = newBrowserBinding();
    const url = await startAuthorization(
      { db, vault, provider, redirectUri: oauthRedirectUri(confab.config, "zoom") },
      { kind: "personal", ownerRef, binding, returnTo: "/" },
    );
    const callback = await consentAtZoom(url, email, "Allow");
    const reply = await fetch(callback, {
      headers: { cookie: `${bindingCookie}=${binding}` },
      redirect: "manual",
    });
    const result = new URL(reply.headers.get("location") ?? "", confab.url).searchParams;
    const id = result.get("connection_id");
    assert.ok(id, `expected ${email} to connect: ${result}`);
    return id;
  }

  /** The Microsoft Teams provider as confab runs it, once `src/providers/registry.ts` lists it. */
  function teamsProvider(): ConferencingProvider {
    const teams = createProviders(confab.config, db).get("ms_teams");
    assert.ok(teams, "confab's provider registry has no ms_teams (Microsoft Teams) provider");
    return teams;
  }

  /**
   * Connects a Microsoft account as a Teams conferencing profile of `ownerRef`, as the hosted
   * link does: Microsoft's sign-in and consent page, Accept, back to confab's callback.
   */
  async function linkTeams(ownerRef: string, email: string) {
    const teams = teamsProvider();
    const binding = newBrowserBinding();
    const url = await startAuthorization(
      { db, vault, provider: teams, redirectUri: oauthRedirectUri(confab.config, teams.name) },
      { kind: "personal", ownerRef, binding, returnTo: "/" },
    );
    const callback = await consentAtMicrosoft(url, email, "Accept");
    const reply = await fetch(callback, {
      headers: { cookie: `${bindingCookie}=${binding}` },
      redirect: "manual",
    });
    const result = new URL(reply.headers.get("location") ?? "", confab.url).searchParams;
    const id = result.get("connection_id");
    assert.ok(id, `expected ${email} to connect Teams: ${result}`);
    return id;
  }

  /**
   * A browser signed in as an org admin of the application's organization, and the path of the
   * application's page under Manage → Applications.
   */
  async function applicationAdmin(app: { id: string }, email: string) {
    const organization = await db
      .selectFrom("applications")
      .innerJoin("organizations", "organizations.id", "applications.organization_id")
      .select(["organizations.id", "organizations.slug"])
      .where("applications.id", "=", app.id)
      .executeTakeFirstOrThrow();
    const admin = await addConfirmedMember(db, {
      organizationId: organization.id,
      email,
      name: "Application Admin",
      role: "org_admin",
    });
    const browser = webClient(confab.app as NonNullable<typeof confab.app>);
    await browser.signIn(admin.email, password);
    return { browser, page: `/o/${organization.slug}/manage/applications/${app.id}` };
  }

  return {
    zoom,
    microsoft,
    confab,
    db,
    vault,
    provider,
    application,
    registerApplication,
    applicationAdmin,
    api,
    calendarFor,
    linkZoom,
    linkTeams,
  };
}

/**
 * How long any wait may last before it names what it waited for: just under the runner's limit
 * for a test (test/run.ts). A test's own figure is only a floor, since on a loaded machine the
 * same work takes many times longer, and a longer wait costs time only when a test fails anyway.
 */
const patienceMs = 150_000;

/** Polls until `check` returns something truthy, or fails the test saying what it waited for. */
export async function eventually<T>(
  check: () => Promise<T>,
  ms = 15_000,
  what = "condition",
): Promise<NonNullable<T>> {
  const deadline = Date.now() + Math.max(ms, patienceMs);
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * An application's webhook endpoint: records every delivery; answers with the statuses queued
 * in `answers` (then 200).
 */
export async function startReceiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ headers: request.headers, body, at: Date.now() });
      response.statusCode = answers.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup(() => new Promise((resolve) => server.close(resolve)));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/hooks`, received, answers };
}
