import assert from "node:assert/strict";
import { test } from "node:test";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";

/** /metrics of `confab start`-like process (web and worker together) on the Zoom sandbox. */
const { zoom, confab, api, calendarFor, linkZoom, db } = await startConferencingWorld();
const ada = await calendarFor("ada");
const connectionId = await linkZoom(ada.sub, zoom.users.member);

const start = new Date(Date.now() + 2 * 24 * 3600_000);
function upsert(eventId: string) {
  return api("POST", `/v1/calendars/${ada.calendarId}/events`, {
    token: ada.token,
    body: {
      event_id: eventId,
      summary: `Session ${eventId}`,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      conferencing: { profile_id: "default" },
    },
  });
}

async function stateOf(eventId: string) {
  const row = await db
    .selectFrom("events")
    .select("conferencing_state")
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return row?.conferencing_state;
}

async function scrape(headers: Record<string, string> = {}) {
  const response = await fetch(`${confab.url}/metrics`, { headers });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    text: await response.text(),
  };
}

/** The value of one series, found by its exact name and labels. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test("after a meeting is made through the sandbox, /metrics shows Zoom's 201 for the create and a successful provisioning job", async () => {
  assert.equal((await upsert("made")).status, 202);
  await eventually(async () => (await stateOf("made")) === "assigned");
  const { status, type, text } = await eventually(async () => {
    const reply = await scrape();
    return reply.text.includes('task="conferencing:provision_meeting",outcome="success"')
      ? reply
      : undefined;
  });
  assert.equal(status, 200);
  assert.match(type ?? "", /^text\/plain; version=0\.0\.4/);
  assert.ok(
    (sample(
      text,
      'confab_zoom_calls_total{method="POST",endpoint="/users/{userId}/meetings",status="201"}',
    ) ?? 0) >= 1,
  );
  assert.ok(
    (sample(text, 'confab_jobs_total{task="conferencing:provision_meeting",outcome="success"}') ??
      0) >= 1,
  );
  assert.match(
    text,
    /confab_job_duration_seconds_count\{task="conferencing:provision_meeting",outcome="success"\} \d+/,
  );
  // The API call that accepted the event is timed by its route pattern, not its URL.
  assert.match(
    text,
    /confab_http_request_duration_seconds_count\{method="POST",route="\/v1\/calendars\/:calendar_id\/events",status_class="2xx"\} \d+/,
  );
  assert.doesNotMatch(text, new RegExp(ada.calendarId));
});

test("a request that matches no route is counted as unmatched, never by its URL", async () => {
  await fetch(`${confab.url}/no/such/page-with-a-secret-in-it`);
  const { text } = await scrape();
  assert.match(text, /route="unmatched",status_class="4xx"/);
  assert.doesNotMatch(text, /secret-in-it/);
});

test("while Zoom is unavailable, each put-off attempt is counted as a deferral caused by unavailable", async () => {
  const before =
    sample((await scrape()).text, 'confab_provisioning_deferrals_total{cause="unavailable"}') ?? 0;
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    status: 503,
    times: 1,
  });
  await upsert("deferred");
  await eventually(async () => (await stateOf("deferred")) === "assigned", 20_000);
  const { text } = await scrape();
  assert.ok(
    (sample(text, 'confab_provisioning_deferrals_total{cause="unavailable"}') ?? 0) > before,
  );
  assert.match(
    text,
    /confab_zoom_calls_total\{method="POST",endpoint="\/users\/\{userId\}\/meetings",status="503"\} \d+/,
  );
});

test("an expired access token is refreshed and the refresh is counted, with no token in the metrics", async () => {
  await db
    .updateTable("provider_connections")
    .set({ access_token_expires_at: new Date(Date.now() - 1000) })
    .where("id", "=", connectionId)
    .execute();
  await upsert("after-expiry");
  await eventually(async () => (await stateOf("after-expiry")) === "assigned");
  const { text } = await scrape();
  assert.ok(
    (sample(text, 'confab_token_refreshes_total{provider="zoom",outcome="refreshed"}') ?? 0) >= 1,
  );
  const tokens = await db
    .selectFrom("provider_connections")
    .select(["access_token", "refresh_token"])
    .where("id", "=", connectionId)
    .executeTakeFirstOrThrow();
  for (const sealed of [tokens.access_token, tokens.refresh_token]) {
    assert.ok(sealed && !text.includes(sealed));
  }
  assert.doesNotMatch(text, /@acme\.example/, "no Zoom user's email");
});

test("/metrics reports the database's view too: events needing attention, queued jobs and live workers", async () => {
  const { text } = await scrape();
  assert.equal(sample(text, "confab_database_up"), 1);
  assert.match(text, /confab_events_by_conferencing_state\{state="failing"\} \d+/);
  assert.ok((sample(text, "confab_workers_alive") ?? 0) >= 1);
});
