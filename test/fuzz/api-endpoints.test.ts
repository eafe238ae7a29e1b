import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { applicationCalendarTokens } from "../../src/calendars/application-calendars.ts";
import { authenticateApplication } from "../../src/calendars/authenticate-application.ts";
import { saveConnection } from "../../src/connections/save-connection.ts";
import { createApplication } from "../../src/orgs/applications.ts";
import { createOrganization } from "../../src/orgs/create-organization.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
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
import {
  fillPath,
  type JsonSchema,
  type OpenApiOperation,
  openApiDocument,
} from "../support/registered-routes.ts";
import { buildWebApp } from "../support/web-app.ts";

/**
 * Every operation of the application API, read from the OpenAPI document the app serves (so a
 * new endpoint is fuzzed without a change here), called with bodies, queries, path parameters
 * and credentials built from its schema and then broken in every way a client can break them:
 * never a 5xx, a 4xx always says what was wrong, and a refused request writes nothing.
 */
// Thousands of requests in seconds: the limits would answer most of them 429 before their
// handlers were reached, so they are opened wide here (test/quotas holds them to account).
const { app, db, config } = await buildWebApp({
  ...zoomNowhere,
  CONFAB_API_RATE: "100000/s,1000000/min",
  CONFAB_API_CALENDAR_RATE: "100000/s,1000000/min",
});
const vault = openVault(config);

async function registerApplication(slug: string) {
  await createOrganization(db, { name: slug, slug, actor: commandLineActor });
  const made = await createApplication(db, vault, await loadOrgAccessForCommandLine(db, slug), {
    name: `${slug} scheduler`,
    redirectUris: ["https://fuzz.example/connected"],
    actor: commandLineActor,
  });
  const application = await authenticateApplication(
    db,
    vault,
    made.application.clientId,
    made.clientSecret,
  );
  return { ...application, clientSecret: made.clientSecret };
}
const ours = await registerApplication("api-fuzz");
const theirs = await registerApplication("api-fuzz-other");
const calendar = await applicationCalendarTokens(db, ours, "fuzz-calendar");
const theirCalendar = await applicationCalendarTokens(db, theirs, "their-calendar");
const profile = await saveConnection(db, vault, {
  provider: "zoom",
  kind: "personal",
  ownerRef: calendar.calendar.sub,
  grant: {
    accessToken: "fuzz-access",
    refreshToken: "fuzz-refresh",
    expiresAt: new Date(Date.now() + 3600_000),
    scopes: [],
    externalKey: "zoom-user-fuzz",
    externalAccountId: "zoom-account-fuzz",
    externalUserId: "zoom-user-fuzz",
    email: "fuzz@zoom.example",
    displayName: "Fuzz",
  },
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
/** Values a well-behaved client would send, by parameter or property name. */
const validByName: Record<string, unknown[]> = {
  client_id: [ours.clientId, theirs.clientId],
  client_secret: [ours.clientSecret],
  application_calendar_id: ["fuzz-calendar", "another-calendar"],
  grant_type: ["refresh_token"],
  refresh_token: ["<fresh-refresh-token>"],
  token: ["<fresh-refresh-token>", "<fresh-access-token>"],
  redirect_uri: ["https://fuzz.example/connected"],
  provider_name: ["zoom"],
  calendar_id: [calendar.calendar.id, theirCalendar.calendar.id],
  profile_id: ["default", "none", "explicit", profile.id, calendar.calendar.profileId],
  event_id: ["evt-1", "evt-2"],
  summary: ["Call"],
  description: ["Agenda"],
  start: [inDays(3), { time: inDays(3), tzid: "Europe/London" }, inDays(-3), "2030-05-01"],
  end: [inDays(3.1), { time: inDays(3.1), tzid: "Europe/London" }],
  time: [inDays(4), "2030-05-01T09:00:00"],
  tzid: ["Etc/UTC", "Europe/London"],
  join_url: ["https://meet.example/1"],
  uri: ["https://hooks.example/fuzz"],
  type: ["webhook", "conferencing_assigned", "conferencing_failing"],
  email: ["ada@example.com"],
  from: ["2020-01-01", inDays(-1)],
  to: [inDays(30).slice(0, 10)],
  include_managed: [true],
  calendar_ids: [[calendar.calendar.id]],
};

/** Edge cases of the formats the API reads: times and dates. */
const oddTimes = fc.constantFrom(
  "2030-02-30T09:00:00Z",
  "0000-01-01T00:00:00Z",
  "-000100-01-01T00:00:00Z",
  "+275760-09-13T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "2030-05-01T25:61:00Z",
  "2030-05-01T09:00:00+99:99",
  "1e12",
  "2030",
);

function fromSchema(
  schema: JsonSchema | undefined,
  name: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  const valid = validByName[name] ?? [];
  const alternatives = schema?.anyOf ?? schema?.oneOf;
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  let typed: fc.Arbitrary<unknown>;
  if (depth > 4 || !schema) typed = hostileJson;
  else if (alternatives)
    typed = fc.oneof(...alternatives.map((s) => fromSchema(s, name, depth + 1)));
  else if (type === "object") typed = objectFrom(schema, depth);
  else if (type === "array") {
    typed = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.array(fromSchema(schema.items, name, depth + 1), { maxLength: 3 }),
      },
      {
        weight: 1,
        arbitrary: fc.array(fc.constant(valid[0] ?? "x"), { minLength: 201, maxLength: 210 }),
      },
    );
  } else if (type === "boolean")
    typed = fc.oneof(fc.boolean(), fc.constantFrom("true", "yes", "1"));
  else if (type === "integer" || type === "number") typed = fc.oneof(fc.integer(), fc.double());
  else {
    const limit = schema.maxLength;
    typed = fc.oneof(
      { weight: 3, arbitrary: hostileText },
      { weight: 1, arbitrary: oddTimes },
      ...(limit
        ? [{ weight: 1, arbitrary: fc.constantFrom("y".repeat(limit), "y".repeat(limit + 1)) }]
        : []),
    );
  }
  return fc.oneof(
    {
      weight: valid.length ? 5 : 0,
      arbitrary: valid.length ? fc.constantFrom(...valid) : fc.constant(null),
    },
    { weight: 3, arbitrary: typed },
    { weight: 1, arbitrary: hostileJson },
  );
}

function objectFrom(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  return fc
    .tuple(
      fc.record(
        Object.fromEntries(
          properties.map(([name, inner]) => [name, fromSchema(inner, name, depth + 1)]),
        ),
        // Required properties are there most of the time, and missing now and then.
        { requiredKeys: [] },
      ),
      fc.subarray([...required]),
      fc.dictionary(
        fc.constantFrom("extra", "__proto__", "constructor", "event_id", "id"),
        hostileJson,
        { maxKeys: 2 },
      ),
    )
    .map(([given, keep, extra]) => {
      const value: Record<string, unknown> = { ...extra, ...given };
      for (const name of required) {
        if (!(name in given) && keep.includes(name)) value[name] = validByName[name]?.[0] ?? "x";
      }
      return value;
    });
}

type Encoding = "json" | "form" | "broken-json" | "text" | "none";
interface ApiRequest {
  params: Record<string, string>;
  query: [string, unknown][];
  body: unknown;
  encoding: Encoding;
  auth: "valid" | "none" | "garbage" | "theirs";
}

function requestFor(operation: OpenApiOperation): fc.Arbitrary<ApiRequest> {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === "path");
  const queryParams = parameters.filter((p) => p.in === "query");
  const bodySchema = operation.requestBody?.content?.["application/json"]?.schema;
  return fc.record({
    params: fc.record(
      Object.fromEntries(
        pathParams.map((p) => [
          p.name,
          mostlyValid((validByName[p.name] ?? []).map(String), hostileSegment),
        ]),
      ),
    ),
    query: fc.array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: queryParams.length
            ? fc
                .constantFrom(...queryParams)
                .chain((p) => fc.tuple(fc.constant(p.name), fromSchema(p.schema, p.name)))
            : fc.constant(["x", "1"] as [string, unknown]),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(
            fc.constantFrom("calendar_ids[]", "page", "x", "include_managed"),
            hostileJson,
          ),
        },
      ),
      { maxLength: 4 },
    ),
    body: bodySchema
      ? fc.oneof(
          { weight: 6, arbitrary: fromSchema(bodySchema, "body") },
          { weight: 1, arbitrary: hostileJson },
        )
      : fc.option(hostileJson, { nil: undefined }),
    encoding: fc.constantFrom<Encoding>(
      "json",
      "json",
      "json",
      "json",
      "form",
      "broken-json",
      "text",
      "none",
    ),
    auth: operation.security
      ? fc.constantFrom<ApiRequest["auth"]>(...Array(7).fill("valid"), "none", "garbage", "theirs")
      : fc.constant("none"),
  });
}

let known: Record<string, string> | undefined;
let victims = 0;
/** Turns "<…>" placeholders anywhere in a value into fresh tokens of a throwaway calendar. */
async function resolve(value: unknown): Promise<unknown> {
  if (value === "<fresh-refresh-token>" || value === "<fresh-access-token>") {
    known = undefined;
    victims += 1;
    const { tokens } = await applicationCalendarTokens(db, ours, `victim-${victims}`);
    return value === "<fresh-refresh-token>" ? tokens.refreshToken : tokens.accessToken;
  }
  if (Array.isArray(value)) return Promise.all(value.map(resolve));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await resolve(v);
    return out;
  }
  return value;
}

function encode(
  body: unknown,
  encoding: Encoding,
): { headers: Record<string, string>; payload?: string } {
  switch (encoding) {
    case "json":
      return body === undefined
        ? { headers: {} }
        : { headers: { "content-type": "application/json" }, payload: JSON.stringify(body) };
    case "form": {
      const form = new URLSearchParams();
      if (body && typeof body === "object" && !Array.isArray(body)) {
        for (const [k, v] of Object.entries(body))
          form.append(k, typeof v === "string" ? v : JSON.stringify(v));
      }
      return {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: form.toString(),
      };
    }
    case "broken-json":
      return {
        headers: { "content-type": "application/json" },
        payload: `${JSON.stringify(body ?? {}).slice(0, -1)}`,
      };
    case "text":
      return { headers: { "content-type": "text/plain" }, payload: JSON.stringify(body) ?? "" };
    default:
      return { headers: { "content-type": "application/json" } };
  }
}

const document = await openApiDocument(app);
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    path,
    method: method.toUpperCase(),
    operation,
  })),
);
const { seed, runs } = fuzzSettings(100);
let sent = 0;

test("the API fuzzer finds every endpoint of the OpenAPI document", () => {
  for (const path of [
    "/v1/calendars/{calendar_id}/events",
    "/oauth/token",
    "/v1/application_calendars",
  ]) {
    assert.ok(
      operations.some((o) => o.path === path),
      `${path} is among ${operations.map((o) => o.path)}`,
    );
  }
});

for (const { path, method, operation } of operations) {
  test(`hostile requests to ${method} ${path} never cause a 5xx, and a refused one writes nothing`, async (t) => {
    t.diagnostic(`seed ${seed}, ${runs} runs (CONFAB_FUZZ_SEED, CONFAB_FUZZ_RUNS)`);
    await checkProperty(
      fc.asyncProperty(requestFor(operation), async (request) => {
        const body = await resolve(request.body);
        const query = new URLSearchParams();
        for (const [name, raw] of request.query) {
          const value = await resolve(raw);
          for (const item of Array.isArray(value) ? value : [value]) {
            query.append(name, typeof item === "string" ? item : JSON.stringify(item));
          }
        }
        const url = `${fillPath(path, request.params)}${query.size ? `?${query}` : ""}`;
        const token = {
          valid: calendar.tokens.accessToken,
          none: undefined,
          garbage: "cfat_\u00ff not a token",
          theirs: theirCalendar.tokens.accessToken,
        }[request.auth];
        const { headers, payload } = encode(body, request.encoding);
        const before = known ?? (await databaseFingerprint(db));
        known = undefined;
        const reply = await app.inject({
          method: method as "GET",
          url,
          headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          ...(payload === undefined ? {} : { payload }),
        });
        sent += 1;
        const seen = `${method} ${url} (${request.auth}, ${request.encoding}: ${String(payload).slice(0, 300)}) → ${describeReply(reply)}`;
        assert.ok(reply.statusCode < 500, `a 5xx: ${seen}`);
        if (reply.statusCode >= 400) {
          assert.ok(hasMessage(reply), `a ${reply.statusCode} that says nothing: ${seen}`);
          const after = await databaseFingerprint(db);
          const changed = changedTables(before, after);
          known = after;
          assert.deepEqual(changed, [], `a refused request wrote to ${changed}: ${seen}`);
        }
      }),
      { seed, runs },
    );
  });
}

test("the API fuzzer sent thousands of requests", (t) => {
  t.diagnostic(`${sent} API requests over ${operations.length} operations`);
  assert.ok(sent >= operations.length * runs);
});
