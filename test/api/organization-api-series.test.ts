import assert from "node:assert/strict";
import { test } from "node:test";
import { createApplication } from "../../src/orgs/applications.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { countRows } from "../support/count-rows.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";

/**
 * A series through the organization API: the same rules as the meeting form's Repeats and Ends,
 * one Zoom recurring meeting for all of it, and every meeting of it in the reply.
 */
const world = await startConferencingWorld();
const { confab, db, vault, zoom } = world;
const { acme } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentor, mentee } = acme.users;
const made = await createApplication(db, vault, await loadOrgAccessForCommandLine(db, "acme"), {
  name: "Acme mentoring app",
  redirectUris: [],
  actor: commandLineActor,
});
const acmeApp = `Basic ${Buffer.from(`${made.application.clientId}:${made.clientSecret}`).toString("base64")}`;

interface SeriesJson {
  meeting_id: string;
  start: string;
  recurrence: Record<string, unknown> | null;
  occurrences: { start: string; end: string; status: string }[];
  conferencing: { state: string; join_url?: string; meeting_id?: string };
  errors: Record<string, { description: string }[]>;
}

async function call(method: string, path: string, body?: unknown) {
  const reply = await fetch(`${confab.url}/v1/organization${path}`, {
    method,
    headers: {
      authorization: acmeApp,
      "confab-member": mentor.email,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await reply.text();
  return { status: reply.status, body: (text ? JSON.parse(text) : {}) as SeriesJson };
}

const meetings = `/programs/${p1.id}/meetings`;
/** Tuesdays and Thursdays at 10:00 in New York, from the week of Monday 3 March 2031. */
const series = (title: string, recurrence: Record<string, unknown>) => ({
  title,
  date: "2031-03-03",
  time: "10:00",
  tzid: "America/New_York",
  duration_minutes: 45,
  invitees: [mentee.email],
  meeting_mode: "zoom",
  recurrence: { frequency: "weekly", week_days: ["tuesday", "thursday"], ...recurrence },
});
const creates = async () =>
  (await zoom.calls({ method: "POST" })).filter((c) => c.path.endsWith("/meetings")).length;

test("a weekly series of 8 made through the API is one Zoom meeting, and the reply lists its 8 meetings", async () => {
  const before = await creates();
  const created = await call("POST", meetings, series("API office hours", { count: 8 }));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.recurrence, {
    frequency: "weekly",
    interval: 1,
    week_days: ["tuesday", "thursday"],
    count: 8,
  });
  assert.equal(created.body.start, "2031-03-04T15:00:00.000Z", "the first Tuesday");
  assert.equal(created.body.occurrences.length, 8);
  assert.deepEqual(created.body.occurrences[0], {
    start: "2031-03-04T15:00:00.000Z",
    end: "2031-03-04T15:45:00.000Z",
    status: "scheduled",
  });
  // After the clocks change in New York, still 10:00 there.
  assert.equal(created.body.occurrences.at(-1)?.start, "2031-03-27T14:00:00.000Z");

  const id = created.body.meeting_id;
  const ready = await eventually(
    async () => {
      const { body } = await call("GET", `${meetings}/${id}`);
      return body.conferencing?.join_url ? body : undefined;
    },
    30_000,
    "the join link",
  );
  assert.equal(await creates(), before + 1, "one Zoom create for the whole series");
  assert.equal(ready.occurrences.length, 8);
  const listed = (await call("GET", meetings)).body as unknown as { meetings: SeriesJson[] };
  assert.equal(listed.meetings.find((m) => m.meeting_id === id)?.occurrences.length, 8);

  // A change that leaves recurrence out keeps the series, on the same Zoom meeting.
  const { recurrence: _left, ...unchanged } = series("API office hours, renamed", {});
  const renamed = await call("PUT", `${meetings}/${id}`, unchanged);
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.equal(renamed.body.recurrence?.count, 8);
  assert.equal(renamed.body.occurrences.length, 8);
  assert.equal(await creates(), before + 1, "the same Zoom meeting");

  const single = await call("PUT", `${meetings}/${id}`, { ...unchanged, recurrence: null });
  assert.equal(single.status, 200, JSON.stringify(single.body));
  assert.equal(single.body.recurrence, null);
  assert.deepEqual(single.body.occurrences, []);
});

test("a series longer than 50 meetings is refused with a 422 naming the cap, and nothing is written", async () => {
  const before = await countRows(db, "events");
  const long = await call("POST", meetings, series("Too long", { count: 51 }));
  assert.equal(long.status, 422);
  assert.match(long.body.errors["recurrence.count"]?.[0]?.description ?? "", /at most 50 times/);
  const untilLate = await call("POST", meetings, series("Too long", { until: "2031-12-31" }));
  assert.equal(untilLate.status, 422);
  assert.match(
    untilLate.body.errors["recurrence.until"]?.[0]?.description ?? "",
    /more than 50 meetings/,
  );
  assert.equal(await countRows(db, "events"), before);
});

test("a series asked for wrongly gets every problem by its field in recurrence", async () => {
  const refused = await call("POST", meetings, {
    ...series("Wrong series", {}),
    recurrence: {
      frequency: "daily",
      interval: 91,
      week_days: ["monday"],
      count: 3,
      until: "2031-04-01",
    },
  });
  assert.equal(refused.status, 422);
  assert.deepEqual(Object.keys(refused.body.errors).sort(), [
    "recurrence.interval",
    "recurrence.until",
    "recurrence.week_days",
  ]);
  assert.match(refused.body.errors["recurrence.interval"]?.[0]?.description ?? "", /1 to 90 days/);
  const noDays = await call("POST", meetings, series("Wrong series", { week_days: [], count: 3 }));
  assert.equal(noDays.status, 422);
  assert.match(
    noDays.body.errors["recurrence.week_days"]?.[0]?.description ?? "",
    /days of the week/,
  );
  const noEnd = await call("POST", meetings, series("Wrong series", {}));
  assert.equal(noEnd.status, 422);
  assert.ok(noEnd.body.errors["recurrence.count"], JSON.stringify(noEnd.body));
  const badDay = await call("POST", meetings, series("Wrong series", { week_days: ["funday"] }));
  assert.equal(badDay.status, 422);
  assert.ok(badDay.body.errors.recurrence, JSON.stringify(badDay.body));
});
