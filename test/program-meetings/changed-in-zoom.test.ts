import assert from "node:assert/strict";
import { test } from "node:test";
import ICAL from "ical.js";
import type { CaughtMessage } from "../../sandbox/mail/index.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { useMailCatcher } from "../support/mail-catcher.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { password } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";
import { orgApp, webhookSecret } from "../support/zoom-world.ts";

/**
 * A program meeting's time changed in Zoom's own interface is shown on the meeting, and confab
 * never sends its own time back over it unasked: its organizer keeps Zoom's time (the meeting
 * moves in confab, nothing is sent to Zoom) or restores confab's (one update to Zoom).
 */
const world = await startConferencingWorld();
const { confab, db, zoom } = world;
const mail = await useMailCatcher();
const { acme, sandboxMeeting } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentor, mentee } = acme.users;
await zoom.control("PATCH", `/apps/${orgApp.clientId}`, {
  webhook_url: `${confab.url}/webhooks/zoom`,
  webhook_secret: webhookSecret,
});

const app = confab.app as NonNullable<typeof confab.app>;
const organizer = webClient(app);
await organizer.signIn(mentor.email, password);
const invitee = webClient(app);
await invitee.signIn(mentee.email, password);

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const form = (title: string, over: Record<string, string> = {}) => ({
  title,
  description: "",
  date: tomorrow,
  time: "11:00",
  duration: "30",
  timeZone: "Europe/Paris",
  mode: "zoom",
  invitees: mentee.id,
  ...over,
});

/** A Zoom meeting made through the meeting form, once its link is there. */
async function zoomMeeting(title: string) {
  const created = await organizer.post(`/o/acme/programs/${p1.id}/meetings`, {
    ...form(title),
    step: "save",
  });
  assert.equal(created.status, 303);
  const page = (created.location ?? "").split("?")[0] as string;
  const eventId = page.split("/").at(-1) as string;
  const zoomId = await eventually(
    async () => /data-join-url>[^<]*\/j\/(\d+)/.exec((await organizer.get(page)).body)?.[1],
    30_000,
    "the join link",
  );
  await settled(eventId);
  return { page, eventId, zoomId };
}

/** Waits until the meeting's provisioning, invitations and Zoom's change notices are all done. */
const settled = (eventId: string) =>
  untilNoJobsLeft(
    db,
    {
      tasks: ["conferencing:meeting_changed_at_provider", "mail:send"],
      keys: [`provision:${eventId}`, `invitations:${eventId}`],
    },
    "the meeting's jobs",
  );

/** Moves the meeting as someone would in Zoom's own interface; the webhook reaches confab. */
async function moveInZoom(zoomId: string, eventId: string) {
  const { webhooks } = await zoom.control<{ webhooks: { status: number }[] }>(
    "PATCH",
    `/meetings/${zoomId}`,
    { start_time: `${tomorrow}T14:00:00`, timezone: "Europe/Paris", duration: 45 },
  );
  assert.deepEqual(
    webhooks.map((w) => w.status),
    [200],
  );
  await settled(eventId);
}

/** Waits until Zoom has told confab of an update of this meeting that set this start. */
async function updateDelivered(zoomId: string, startTime: string) {
  await eventually(
    async () =>
      (
        await zoom.control<{ event: string; body: Record<string, unknown>; status: number }[]>(
          "GET",
          "/webhooks",
        )
      ).some((d) => {
        const object = (d.body.payload as { object?: Record<string, unknown> } | undefined)?.object;
        return (
          d.event === "meeting.updated" &&
          String(object?.id) === zoomId &&
          object?.start_time === startTime &&
          d.status === 200
        );
      }),
    30_000,
    "Zoom's meeting.updated for confab's own change",
  );
}

const patches = async () => (await world.zoom.calls({ method: "PATCH" })).length;
const parisTime = (iso: string | undefined) =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Paris",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso ?? ""));

test("a time moved in Zoom's own interface shows on the meeting: its organizer is offered both times, everyone else is told", async () => {
  const { page, eventId, zoomId } = await zoomMeeting("Moved in Zoom");
  await moveInZoom(zoomId, eventId);
  const shown = (await organizer.get(page)).body;
  assert.match(shown, /data-changed-at-provider/);
  assert.match(shown, /moved in Zoom to <strong>.*14:00.*<\/strong> \(45 minutes\)/s);
  assert.match(shown, /Keep Zoom&#39;s time/);
  assert.match(shown, /Restore confab&#39;s time/);
  const told = (await invitee.get(page)).body;
  assert.match(told, /This meeting was moved in Zoom to <strong>.*14:00/s);
  assert.match(told, /the meeting's organizer decides which one stands/);
  assert.doesNotMatch(told, /Keep Zoom&#39;s time/);
  const refused = await invitee.post(`${page}/changed-in-zoom/keep`);
  assert.equal(refused.status, 403, "only those who may change the meeting decide");
  assert.match((await organizer.get(page)).body, /data-changed-at-provider/);
});

test("confab's own update of the Zoom meeting is not taken for a change made in Zoom", async () => {
  const { page, eventId, zoomId } = await zoomMeeting("Moved in confab");
  const saved = await organizer.post(page, {
    ...form("Moved in confab", { time: "12:00" }),
    step: "save",
  });
  assert.equal(saved.status, 303);
  const start = await eventually(
    async () => {
      const meeting = await sandboxMeeting(zoomId);
      return parisTime(meeting?.start_time) === "12:00" ? meeting?.start_time : undefined;
    },
    30_000,
    "confab's new time in Zoom",
  );
  await updateDelivered(zoomId, start);
  await settled(eventId);
  assert.doesNotMatch((await organizer.get(page)).body, /data-changed-at-provider/);
  const row = await db
    .selectFrom("meetings")
    .select("changed_at_provider")
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  assert.equal(row.changed_at_provider, null);
});

test("keeping Zoom's time moves the meeting in confab and updates the invitations, and sends nothing to Zoom", async () => {
  const { page, eventId, zoomId } = await zoomMeeting("Kept in Zoom");
  await moveInZoom(zoomId, eventId);
  const before = await patches();
  const kept = await organizer.post(`${page}/changed-in-zoom/keep`);
  assert.equal(kept.status, 303);
  assert.equal(kept.location, `${page}?saved=changed`);
  await settled(eventId);
  assert.equal(await patches(), before, "no PATCH went to Zoom");
  const shown = (await organizer.get(page)).body;
  assert.doesNotMatch(shown, /data-changed-at-provider/);
  assert.match(shown, /14:00 \(Europe\/Paris\)<\/time><\/strong> · 45 minutes/);
  const mails = mail
    .messagesTo(mentee.email)
    .filter((m) => m.calendars.some((c) => c.content.includes(eventId)));
  const update = mails.at(-1) as CaughtMessage;
  assert.match(update.subject, /^Updated invitation: Kept in Zoom/);
  const vevent = new ICAL.Component(
    ICAL.parse(update.calendars[0]?.content ?? ""),
  ).getFirstSubcomponent("vevent");
  assert.equal(vevent?.getFirstPropertyValue("sequence"), 1);
  assert.equal(parisTime((await sandboxMeeting(zoomId))?.start_time), "14:00");
});

test("restoring confab's time puts it back in Zoom with exactly one PATCH", async () => {
  const { page, eventId, zoomId } = await zoomMeeting("Restored from confab");
  await moveInZoom(zoomId, eventId);
  const before = await patches();
  const restored = await organizer.post(`${page}/changed-in-zoom/restore`);
  assert.equal(restored.status, 303);
  const start = await eventually(
    async () => {
      const meeting = await sandboxMeeting(zoomId);
      return parisTime(meeting?.start_time) === "11:00" ? meeting?.start_time : undefined;
    },
    30_000,
    "confab's time back in Zoom",
  );
  await updateDelivered(zoomId, start);
  await settled(eventId);
  assert.equal(await patches(), before + 1);
  const shown = (await organizer.get(page)).body;
  assert.doesNotMatch(shown, /data-changed-at-provider/);
  assert.match(shown, /11:00 \(Europe\/Paris\)<\/time><\/strong> · 30 minutes/);
});

test("a change saved while Zoom's move waits says on its review that it sends confab's time to Zoom, and does", async () => {
  const { page, eventId, zoomId } = await zoomMeeting("Edited while moved");
  await moveInZoom(zoomId, eventId);
  const fields = form("Edited while moved, renamed");
  const review = await organizer.post(page, fields);
  assert.equal(review.status, 200);
  assert.match(
    review.body,
    /This meeting was\s+moved in Zoom to <strong>.*14:00.*; saving sends your time to Zoom\./s,
  );
  const saved = await organizer.post(page, { ...fields, step: "save" });
  assert.equal(saved.status, 303);
  await eventually(
    async () => {
      const meeting = await sandboxMeeting(zoomId);
      return (
        meeting?.topic === "Edited while moved, renamed" &&
        parisTime(meeting.start_time) === "11:00"
      );
    },
    30_000,
    "the change and confab's time in Zoom",
  );
  await settled(eventId);
  assert.doesNotMatch((await organizer.get(page)).body, /data-changed-at-provider/);
});
