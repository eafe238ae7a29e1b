import assert from "node:assert/strict";
import { test } from "node:test";
import { startConferencingWorld } from "../support/conferencing-world.ts";

// Fifty-five events are written at once below: faster than a calendar may write by default.
const { api, calendarFor, registerApplication, db, confab } = await startConferencingWorld({
  CONFAB_API_CALENDAR_RATE: "1000/s,10000/min",
  CONFAB_API_RATE: "1000/s,10000/min",
});
const calendar = await calendarFor("pages");

async function upsert(eventId: string, body: Record<string, unknown> = {}) {
  return api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: {
      event_id: eventId,
      summary: eventId,
      start: "2031-05-01T10:00:00Z",
      end: "2031-05-01T10:30:00Z",
      ...body,
    },
  });
}

for (let n = 0; n < 55; n++) assert.equal((await upsert(`paged-${n}`)).status, 202);
const from = "from=2031-04-01&to=2031-06-01&include_managed=true";

test("next_page is a sealed cursor that reads the next page, and only for the calendar it was given to", async () => {
  const first = await api("GET", `/v1/events?${from}`, { token: calendar.token });
  assert.equal(first.status, 200);
  const pages = first.body.pages as { current: number; total: number; next_page: string };
  assert.deepEqual([pages.current, pages.total], [1, 2]);
  const next = new URL(pages.next_page);
  const second = await api("GET", `${next.pathname}${next.search}`, { token: calendar.token });
  assert.equal(second.status, 200);
  assert.equal((second.body.events as unknown[]).length, 5);
  assert.equal((second.body.pages as { current: number }).current, 2);

  const other = await calendarFor("someone-else", await registerApplication());
  const stolen = await api("GET", `${next.pathname}${next.search}`, { token: other.token });
  assert.equal(stolen.status, 404);
});

test("a made-up or edited cursor is a 404 that says so, never a 500", async () => {
  const forged = [
    Buffer.from(JSON.stringify({ page: 1e300, include_managed: true })).toString("base64url"),
    Buffer.from(JSON.stringify({ page: 2, from: { $gt: "" } })).toString("base64url"),
    "x".repeat(500),
    "%00",
  ];
  for (const cursor of forged) {
    const reply = await api("GET", `/v1/events/pages/${encodeURIComponent(cursor)}`, {
      token: calendar.token,
    });
    assert.equal(reply.status, 404, cursor.slice(0, 40));
    assert.match(String(reply.body.message), /no such page/);
  }
});

test("an attendee nested 50,000 levels deep is refused with a 4xx and nothing is stored", async () => {
  const deep = `${"[".repeat(50_000)}1${"]".repeat(50_000)}`;
  const body = `{"event_id":"deep","summary":"Deep","start":"2031-05-02T10:00:00Z","end":"2031-05-02T10:30:00Z","attendees":{"invite":[{"email":"a@example.com","extra":${deep}}]}}`;
  // Sent as text: no JSON.stringify could write it.
  const response = await fetch(new URL(`/v1/calendars/${calendar.calendarId}/events`, confab.url), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${calendar.token}` },
    body,
  });
  assert.ok(response.status >= 400 && response.status < 500, `answered ${response.status}`);
  assert.match(await response.text(), /more than 32 levels deep/);
  const stored = await db
    .selectFrom("events")
    .select("id")
    .where("event_id", "=", "deep")
    .execute();
  assert.deepEqual(stored, []);
});

test("unknown fields of an attendee are dropped, not stored", async () => {
  assert.equal(
    (
      await upsert("attendee-extra", {
        attendees: { invite: [{ email: "b@example.com", display_name: "B", role: { x: 1 } }] },
      })
    ).status,
    202,
  );
  const row = await db
    .selectFrom("events")
    .select("attendees")
    .where("event_id", "=", "attendee-extra")
    .executeTakeFirstOrThrow();
  assert.doesNotMatch(JSON.stringify(row.attendees), /role/);
});
