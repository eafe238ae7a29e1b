import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { hashSessionId, startSession } from "../../src/accounts/sessions.ts";
import { applicationCalendarTokens } from "../../src/calendars/application-calendars.ts";
import { authenticateApplication } from "../../src/calendars/authenticate-application.ts";
import { createConferencingLink } from "../../src/conferencing/conferencing-links.ts";
import { relinkUrl } from "../../src/conferencing/sealed-link.ts";
import { saveConnection } from "../../src/connections/save-connection.ts";
import { mailOff } from "../../src/mail/outbox.ts";
import { createApplication } from "../../src/orgs/applications.ts";
import { inviteMember } from "../../src/orgs/invitations.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { setIntegrationsEnabled } from "../../src/orgs/set-integrations-enabled.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { changedTables, databaseFingerprint } from "../support/database-fingerprint.ts";
import {
  checkProperty,
  describeReply,
  fuzzSettings,
  hasMessage,
  hostileJson,
  hostileSegment,
  hostileText,
  mostlyValid,
  zoomNowhere,
} from "../support/fuzzing.ts";
import { formsOf, matchesRoute } from "../support/page-forms.ts";
import {
  fillPath,
  formRoutes,
  openApiDocument,
  paramsOf,
  registeredRoutes,
} from "../support/registered-routes.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";

/**
 * Every form of the web pages, posted with hostile values by someone allowed to post it (with a
 * valid CSRF token, mostly): never a 5xx, a 4xx always says what was wrong, and a refused form
 * writes nothing. The routes are read from the app, so a new form is fuzzed without a change here.
 */
const { app, db, config } = await buildWebApp(zoomNowhere);
const vault = openVault(config);
const tenant = await seedTenant(db, "Fuzz Works");
const other = await seedTenant(db, "Other Works");
const slug = tenant.organization.slug;
// One person allowed everything: the organization's admin, who is also an operator.
const admin = tenant.users.orgAdmin;
await db.updateTable("users").set({ is_operator: true }).where("id", "=", admin.id).execute();
await setIntegrationsEnabled(db, {
  organizationId: tenant.organization.id,
  enabled: true,
  actor: commandLineActor,
});
const access = await loadOrgAccessForCommandLine(db, slug);
const made = await createApplication(db, vault, access, {
  name: "Fuzz scheduler",
  redirectUris: ["https://fuzz.example/connected"],
  actor: commandLineActor,
});
// Hosted links come from another organization's application, which no form here can change.
const linking = await createApplication(
  db,
  vault,
  await loadOrgAccessForCommandLine(db, other.organization.slug),
  {
    name: "Linking scheduler",
    redirectUris: ["https://fuzz.example/connected"],
    actor: commandLineActor,
  },
);
const application = await authenticateApplication(
  db,
  vault,
  linking.application.clientId,
  linking.clientSecret,
);
const { calendar } = await applicationCalendarTokens(db, application, "fuzz-calendar");
const profile = await saveConnection(db, vault, {
  provider: "zoom",
  kind: "personal",
  ownerRef: admin.id,
  grant: {
    accessToken: "fuzz-access",
    refreshToken: "fuzz-refresh",
    expiresAt: new Date(Date.now() + 3600_000),
    scopes: [],
    externalKey: "zoom-user-fuzz",
    externalAccountId: "zoom-account-fuzz",
    externalUserId: "zoom-user-fuzz",
    email: "admin@zoom.example",
    displayName: "Fuzz Admin",
  },
});
let invited = 0;
async function freshInvitation() {
  invited += 1;
  const { link } = await inviteMember(db, access, {
    email: `invited-${invited}@fuzz.example`,
    role: "member",
    actor: commandLineActor,
    publicUrl: config.publicUrl,
    inviterName: "Test inviter",
    outbox: mailOff,
  });
  return new URL(link as string).searchParams.get("token") as string;
}
const invitationId = (await db.selectFrom("invitations").select("id").executeTakeFirst())?.id;

/** Values a real page would send, by parameter or field name; "<…>" values are made per request. */
const pathValues: Record<string, string[]> = {
  org: [slug],
  programId: [tenant.programs.p1.id, tenant.programs.p2.id, other.programs.p1.id],
  userId: [tenant.users.member.id, tenant.users.mentee.id, other.users.member.id],
  appId: [made.application.id],
  id: [tenant.organization.id, profile.id, ...(invitationId ? [invitationId] : [])],
  key: ["phone", "in_person", "zoom"],
  provider: ["zoom"],
};
const fieldValues: Record<string, string[]> = {
  email: [tenant.users.member.email, "<new-email>"],
  admin_email: ["", "<new-email>"],
  password: [password],
  current_password: [password],
  new_password: ["another long password"],
  name: ["Fuzz name"],
  label: ["Walk"],
  labels: ["Coach, Coachee"],
  slug: ["fuzz-new"],
  role: ["member", "org_admin", "mentor", "mentee", "program_admin"],
  enabled: ["true", "false"],
  redirect_uris: ["https://fuzz.example/connected\nhttp://localhost:9/cb"],
  next: ["/account", "/"],
  token: ["<fresh-invitation>"],
  connection_id: ["int_none"],
};
const queryValues: Record<string, string[]> = {
  token: ["<fresh-link>", "<relink>"],
};

// The session and the CSRF secret, as a browser keeps them.
const jar = new Map<string, string>();
const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
async function ensureSignedIn() {
  const id = jar.get("confab_session");
  const live =
    id &&
    (await db
      .selectFrom("sessions")
      .select("user_id")
      .where("id_hash", "=", hashSessionId(id))
      .executeTakeFirst());
  if (!live || live.user_id !== admin.id)
    jar.set("confab_session", await startSession(db, admin.id));
}
await ensureSignedIn();
const accountPage = await app.inject({
  method: "GET",
  url: "/account",
  headers: { cookie: cookieHeader() },
});
for (const c of accountPage.cookies) jar.set(c.name, c.value);
const csrf = /name="_csrf" value="([^"]+)"/.exec(accountPage.body)?.[1] as string;
assert.ok(csrf, "the account page carries a CSRF token");

const apiPaths = Object.keys((await openApiDocument(app)).paths);
const routes = formRoutes(app, apiPaths);

// What each form sends, read from the pages that show it.
const knownFields = new Map<string, Map<string, Set<string>>>();
for (const route of registeredRoutes(app).filter((r) => r.method === "GET")) {
  if (route.url.includes("*") || route.url.startsWith("/docs")) continue;
  const page = await app.inject({
    method: "GET",
    url: fillPath(
      route.url,
      Object.fromEntries(Object.entries(pathValues).map(([k, v]) => [k, v[0] as string])),
    ),
    headers: { cookie: cookieHeader(), accept: "text/html" },
  });
  for (const form of formsOf(page.body).filter((f) => f.method === "post")) {
    const target = routes.find((r) => matchesRoute(form.action, r.url));
    if (!target) continue;
    const fields = knownFields.get(target.url) ?? new Map<string, Set<string>>();
    for (const [name, values] of form.fields) {
      if (name === "_csrf") continue;
      const seen = fields.get(name) ?? new Set<string>();
      for (const v of values) seen.add(v);
      fields.set(name, seen);
    }
    knownFields.set(target.url, fields);
  }
}
const allFieldNames = [
  ...new Set([
    ...Object.keys(fieldValues),
    ...[...knownFields.values()].flatMap((f) => [...f.keys()]),
  ]),
];

type Encoding = "form" | "json" | "raw";
interface FuzzRequest {
  params: Record<string, string>;
  query: Record<string, string> | undefined;
  encoding: Encoding;
  fields: Record<string, unknown>;
  csrf: "valid" | "missing" | "forged";
}

function valueFor(name: string, encoding: Encoding, route: string): fc.Arbitrary<unknown> {
  const valid = [...(fieldValues[name] ?? []), ...(knownFields.get(route)?.get(name) ?? [])];
  if (encoding === "json") return mostlyValid<unknown>(valid, hostileJson);
  if (encoding === "raw") {
    return mostlyValid(
      valid,
      fc.oneof(hostileText, fc.constantFrom("%", "%E0%A4%A", "%FF%FE", "%C3%28", "a%00b", "+%2B+")),
    );
  }
  return mostlyValid<unknown>(
    valid,
    fc.oneof(
      { weight: 4, arbitrary: hostileText },
      { weight: 1, arbitrary: fc.array(hostileText, { minLength: 2, maxLength: 3 }) },
    ),
  );
}

function requestFor(route: string): fc.Arbitrary<FuzzRequest> {
  const own = [...(knownFields.get(route)?.keys() ?? [])];
  const params = Object.fromEntries(
    paramsOf(route).map((name) => [name, mostlyValid(pathValues[name] ?? [], hostileSegment)]),
  );
  return fc.constantFrom<Encoding>("form", "form", "json", "raw").chain((encoding) =>
    fc.record({
      params: fc.record(params),
      query: fc.option(
        fc.dictionary(
          fc.constantFrom("token", "next", "x", "token[]"),
          mostlyValid(queryValues.token ?? [], hostileSegment),
          { maxKeys: 2 },
        ),
        { nil: undefined, freq: 2 },
      ),
      encoding: fc.constant(encoding),
      fields: fc
        .tuple(
          fc.record(Object.fromEntries(own.map((n) => [n, valueFor(n, encoding, route)])), {
            requiredKeys: [],
          }),
          fc.dictionary(
            fc.constantFrom(...allFieldNames, "__proto__", "extra", "_csrf[]"),
            valueFor("extra", encoding, route),
            { maxKeys: 3 },
          ),
        )
        .map(([known, extra]) => ({ ...extra, ...known })),
      csrf: fc.constantFrom<FuzzRequest["csrf"]>(...Array(8).fill("valid"), "missing", "forged"),
    }),
  );
}

// The database as the last refused request left it: no need to read it again before the next.
let known: Record<string, string> | undefined;

/** Turns the "<…>" placeholders into fresh values (made before the request is sent). */
async function resolve(value: unknown): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map(resolve));
  if (typeof value === "string" && /^<(fresh|relink)/.test(value)) known = undefined;
  if (value === "<new-email>") return `new-${Math.random().toString(36).slice(2)}@fuzz.example`;
  if (value === "<fresh-invitation>") return freshInvitation();
  if (value === "<relink>")
    return new URL(relinkUrl(vault, config.publicUrl, profile.id, admin.id)).searchParams.get(
      "token",
    );
  if (value === "<fresh-link>") {
    const link = await createConferencingLink(db, vault, config.publicUrl, {
      applicationId: application.id,
      ownerRef: calendar.sub,
      redirectUri: "https://fuzz.example/connected",
      providerName: undefined,
      knownProviders: ["zoom"],
    });
    return new URL(link).searchParams.get("token");
  }
  return value;
}

function encode(
  fields: Record<string, unknown>,
  encoding: Encoding,
): { type: string; payload: string } {
  if (encoding === "json") return { type: "application/json", payload: JSON.stringify(fields) };
  if (encoding === "raw") {
    const parts = Object.entries(fields).map(([k, v]) => `${encodeURIComponent(k)}=${String(v)}`);
    return { type: "application/x-www-form-urlencoded", payload: parts.join("&") };
  }
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const item of Array.isArray(v) ? v : [v]) form.append(k, String(item));
  }
  return { type: "application/x-www-form-urlencoded", payload: form.toString() };
}

const { seed, runs } = fuzzSettings(40);
let sent = 0;

test("the form fuzzer finds every form the pages post to", () => {
  for (const url of ["/sign-in", "/o/:org/manage/programs", "/account/password"]) {
    assert.ok(
      routes.some((r) => r.url === url),
      `${url} is among ${routes.map((r) => r.url)}`,
    );
  }
  assert.ok(knownFields.get("/o/:org/manage/programs")?.has("name"), "fields are read from pages");
});

for (const route of routes) {
  test(`hostile values posted to ${route.url} never cause a 5xx, and a refused form writes nothing`, async (t) => {
    t.diagnostic(`seed ${seed}, ${runs} runs (CONFAB_FUZZ_SEED, CONFAB_FUZZ_RUNS)`);
    await checkProperty(
      fc.asyncProperty(requestFor(route.url), async (request) => {
        await ensureSignedIn();
        const fields: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(request.fields)) fields[k] = await resolve(v);
        if (request.csrf === "valid") fields._csrf = csrf;
        if (request.csrf === "forged") fields._csrf = `${csrf.slice(0, -4)}AAAA`;
        const query = request.query
          ? `?${new URLSearchParams(
              (await Promise.all(
                Object.entries(request.query).map(async ([k, v]) => [k, String(await resolve(v))]),
              )) as [string, string][],
            )}`
          : "";
        const url = `${fillPath(route.url, request.params)}${query}`;
        const { type, payload } = encode(fields, request.encoding);
        const before = known ?? (await databaseFingerprint(db));
        known = undefined;
        const reply = await app.inject({
          method: "POST",
          url,
          headers: { cookie: cookieHeader(), "content-type": type, accept: "text/html" },
          payload,
        });
        sent += 1;
        const seen = `POST ${url} (${request.encoding}: ${payload.slice(0, 300)}) → ${describeReply(reply)}`;
        assert.ok(reply.statusCode < 500, `a 5xx: ${seen}`);
        if (request.csrf !== "valid")
          assert.ok(reply.statusCode >= 400, `taken without a valid CSRF token: ${seen}`);
        if (reply.statusCode >= 400) {
          assert.ok(hasMessage(reply), `a ${reply.statusCode} that says nothing: ${seen}`);
          const after = await databaseFingerprint(db);
          const changed = changedTables(before, after);
          known = after;
          assert.deepEqual(changed, [], `a refused form wrote to ${changed}: ${seen}`);
        }
        if (reply.statusCode >= 300 && reply.statusCode < 400) {
          const location = String(reply.headers.location ?? "");
          const local = /^\/(?![/\\])/.test(location) && !/[\t\r\n]/.test(location);
          assert.ok(
            local || location.startsWith(`${zoomNowhere.ZOOM_OAUTH_BASE_URL}/oauth/authorize?`),
            `redirected off-site: ${seen}`,
          );
        }
      }),
      { seed, runs },
    );
  });
}

test("the form fuzzer sent thousands of requests", (t) => {
  t.diagnostic(`${sent} form posts over ${routes.length} forms`);
  assert.ok(sent >= routes.length * runs);
});
