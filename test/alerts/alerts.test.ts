import assert from "node:assert/strict";
import { test } from "node:test";
import type { CaughtMessage } from "../../sandbox/mail/index.ts";
import type { MeetingDraftFields } from "../../src/program-meetings/meeting-draft.ts";
import { prepareProgramMeeting } from "../../src/program-meetings/prepare-program-meeting.ts";
import { loadProgramMeeting } from "../../src/program-meetings/program-meeting.ts";
import { saveProgramMeeting } from "../../src/program-meetings/save-program-meeting.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { useMailCatcher } from "../support/mail-catcher.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { orgApp, webhookSecret } from "../support/zoom-world.ts";

/**
 * Alerts reach the people who can act: a host whose meeting could not be made, and an
 * organization's admins when its Zoom install stops working, once per incident.
 */
const world = await startConferencingWorld();
const { db, zoom, confab } = world;
const mail = await useMailCatcher();
const { acme, as, deps } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentor, mentee, orgAdmin } = acme.users;

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const fields: MeetingDraftFields = {
  title: "Goal setting",
  description: "",
  date: tomorrow,
  time: "10:00",
  duration: "30",
  timeZone: "Europe/Paris",
  invitees: [mentee.id],
  mode: "zoom",
};

/** Waits until no alert or mail job is left, so "nothing more was sent" can be read. */
const settled = () =>
  untilNoJobsLeft(
    db,
    { tasks: ["alerts:send", "mail:send", "conferencing:provision_meeting"] },
    "the alerts",
  );
const alertsTo = (email: string, subject: RegExp) =>
  mail.messagesTo(email).filter((m: CaughtMessage) => subject.test(m.subject));

test("a host whose Zoom meeting Zoom refuses is mailed once, with Zoom's reason and a way to the meeting", async () => {
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    status: 400,
    zoom_code: 300,
    message: "Invalid meeting topic.",
    times: 1,
  });
  const access = await as(mentor);
  const prepared = await prepareProgramMeeting(
    deps,
    access,
    p1,
    { userId: mentor.id, email: mentor.email, name: mentor.name },
    fields,
  );
  const { id } = await saveProgramMeeting(db, access, p1, prepared);
  await eventually(async () => {
    const meeting = await loadProgramMeeting(db, access, p1.id, id);
    return meeting.conferencing.state === "failing" ? meeting : undefined;
  });
  await settled();
  const alerts = alertsTo(mentor.email, /has no Zoom video call link/);
  assert.equal(alerts.length, 1);
  assert.match(alerts[0]?.text ?? "", /Invalid meeting topic/);
  assert.match(alerts[0]?.text ?? "", new RegExp(`/meetings/${id}`));
  assert.equal(alertsTo(mentee.email, /has no/).length, 0, "only the host is told");
});

test("a Zoom-side uninstall mails each org admin once, saying what stopped and how to fix it, and tells no member", async () => {
  await zoom.control("PATCH", `/apps/${orgApp.clientId}`, {
    webhook_url: `${confab.url}/webhooks/zoom`,
    webhook_secret: webhookSecret,
  });
  const { webhook } = await zoom.control<{ webhook: { status: number } }>("POST", "/deauthorize", {
    client_id: orgApp.clientId,
    user_email: zoom.users.owner,
  });
  assert.equal(webhook.status, 200);
  await settled();
  const alerts = alertsTo(orgAdmin.email, /Zoom stopped working for Acme/);
  assert.equal(alerts.length, 1);
  assert.match(alerts[0]?.text ?? "", /Manage → Integrations → Zoom/);
  assert.match(alerts[0]?.text ?? "", /\/o\/acme\/manage\/integrations/);
  assert.equal(alertsTo(mentor.email, /stopped working/).length, 0, "members are not told");
});
