import assert from "node:assert/strict";
import { test } from "node:test";
import { withAccessToken } from "../../../src/connections/with-access-token.ts";
import type { AccessContext, MeetingSpec } from "../../../src/providers/provider.ts";
import { ProviderError, type ProviderErrorKind } from "../../../src/providers/provider-error.ts";
import { createZoomProvider } from "../../../src/providers/zoom/zoom-provider.ts";
import { startConnectorWorld } from "../../support/zoom-connector.ts";

const { world, db, vault, provider, confab, connected } = await startConnectorWorld();
const personal = await connected("personal", world.users.owner, "usr_owner");

const spec: MeetingSpec = {
  topic: "Check-in",
  agenda: "",
  startTime: new Date(Date.UTC(2031, 5, 1, 9)),
  durationMinutes: 30,
  timeZone: "UTC",
  host: "me",
  alternativeHosts: [],
  marker: "evt_taxonomy",
};

async function failure(
  fault: Record<string, unknown>,
  work = (a: AccessContext) => provider.createMeeting(a, spec),
) {
  await world.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    times: 1,
    ...fault,
  });
  try {
    await withAccessToken({ db, vault, provider }, personal, work);
  } catch (error) {
    assert.ok(error instanceof ProviderError, String(error));
    return error;
  }
  assert.fail("expected the call to fail");
}

function nextMidnightUtc(): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
}

const cases: [string, Record<string, unknown>, ProviderErrorKind][] = [
  ["a 5xx from Zoom is retriable", { status: 503 }, "unavailable"],
  ["an XML error body is read, not choked on", { xml: true }, "unavailable"],
  [
    "a validation error is permanent and carries Zoom's reason",
    { status: 400, zoom_code: 300, message: "Invalid field." },
    "rejected",
  ],
  [
    "a host Zoom will not let host is permanent",
    {
      status: 400,
      zoom_code: 3161,
      message: "Meeting hosting and scheduling capabilities are not allowed for your user account.",
    },
    "rejected",
  ],
];
for (const [name, fault, kind] of cases) {
  test(name, async () => {
    const error = await failure(fault);
    assert.equal(error.kind, kind, error.message);
    if (kind === "rejected") assert.match(error.message, /Zoom/);
  });
}

test("a per-second 429 says when to come back, from Retry-After", async () => {
  const at = new Date(Date.now() + 5000).toISOString();
  const error = await failure({
    status: 429,
    message: "You have reached the maximum per-second rate limit for this API.",
    headers: { "X-RateLimit-Type": "QPS", "Retry-After": at },
  });
  assert.equal(error.kind, "rate_limited");
  const wait = (error.retryAt?.getTime() ?? 0) - Date.parse(at);
  assert.ok(wait >= 0 && wait < 1000, `retry at the hint plus a little jitter (${wait} ms)`);
});

test("a daily 429 without any rate-limit headers is deferred to 00:00 UTC", async () => {
  const error = await failure({
    status: 429,
    message:
      "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.",
  });
  assert.equal(error.kind, "rate_limited");
  const retryAt = error.retryAt?.getTime() ?? 0;
  assert.ok(retryAt >= nextMidnightUtc() && retryAt < nextMidnightUtc() + 1000);
});

test("a daily 429 announced only by its header is deferred to 00:00 UTC too", async () => {
  const error = await failure({
    status: 429,
    message: "Too many requests.",
    headers: { "X-RateLimit-Type": "Daily-limit" },
  });
  assert.ok((error.retryAt?.getTime() ?? 0) >= nextMidnightUtc());
});

test("a create that times out after being sent is ambiguous; a read that times out is merely unavailable", async () => {
  const impatient = createZoomProvider({ ...confab.config.zoom, requestTimeoutMs: 150 }, db);
  const slow = { delay_ms: 600 };
  const create = await failure(slow, (a) => impatient.createMeeting(a, spec));
  assert.equal(create.kind, "ambiguous");
  await world.control("POST", "/faults", {
    match: { path: "/v2/users/*/meetings", method: "GET" },
    times: 1,
    ...slow,
  });
  await assert.rejects(
    withAccessToken({ db, vault, provider }, personal, (a) =>
      impatient.findMeeting(a, "me", "evt_x"),
    ),
    (error) => error instanceof ProviderError && error.kind === "unavailable",
  );
});
