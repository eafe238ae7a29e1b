import assert from "node:assert/strict";
import { test } from "node:test";
import { formsOf } from "../support/page-forms.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

/** Every change on the admins' and members' pages ends on a page that says what was done. */
const { app, db } = await buildWebApp();
const acme = await seedTenant(db, "Acme");
const { p1 } = acme.programs;
const base = `/o/acme/programs/${p1.id}`;
const settings = `${base}/settings/permissions`;

async function signedIn(user: { email: string }) {
  const client = webClient(app);
  await client.signIn(user.email, password);
  return client;
}
const admin = await signedIn(acme.users.orgAdmin);

/** Follows a change's redirect and reads the notice the page shows. */
async function noticeAfter(reply: { status: number; location: string | undefined }) {
  assert.equal(reply.status, 303);
  const page = await admin.get(reply.location ?? "");
  return /role="status">([\s\S]*?)<\/div>/.exec(page.body)?.[1]?.replace(/\s+/g, " ").trim();
}

test("turning a meeting mode off and on, adding and removing one, and saving roles each say so", async () => {
  await admin.get(settings);
  const modes = `${base}/settings/meeting-modes`;
  assert.equal(
    await noticeAfter(await admin.post(`${modes}/phone`, { enabled: "false" })),
    "Phone is off: new meetings in Leaders cannot use it.",
  );
  assert.equal(
    await noticeAfter(await admin.post(`${modes}/phone`, { enabled: "true" })),
    "Phone is on: members of Leaders can pick it for new meetings.",
  );
  assert.equal(
    await noticeAfter(await admin.post(modes, { label: "Walk and talk" })),
    "The meeting mode is added: members of Leaders can pick it now.",
  );
  const custom = await db
    .selectFrom("meeting_modes")
    .select("key")
    .where("program_id", "=", p1.id)
    .where("kind", "=", "custom")
    .executeTakeFirstOrThrow();
  await admin.get(`${modes}/${custom.key}/remove`);
  assert.equal(
    await noticeAfter(await admin.post(`${modes}/${custom.key}/remove`)),
    "The meeting mode is removed. Meetings already made with it keep it.",
  );
  assert.equal(
    await noticeAfter(
      await admin.post(`${base}/settings/member-roles`, { labels: "mentor, mentee" }),
    ),
    "The member roles are saved.",
  );
});

test("saving a meeting, new or changed, says so on the meeting's page", async () => {
  const mentor = await signedIn(acme.users.mentor);
  const form = {
    title: "Weekly check-in",
    description: "",
    date: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
    time: "11:00",
    duration: "30",
    timeZone: "Europe/Paris",
    mode: "phone",
    invitees: acme.users.programAdmin.id,
    step: "save",
  };
  const made = await mentor.post(`${base}/meetings`, form);
  assert.equal(made.status, 303);
  assert.match(
    (await mentor.get(made.location ?? "")).body,
    /role="status">The meeting is saved: everyone invited sees it in Leaders\./,
  );
  const page = (made.location ?? "").split("?")[0] as string;
  const changed = await mentor.post(page, { ...form, title: "Weekly check-in, moved" });
  assert.equal(changed.status, 303);
  assert.match(
    (await mentor.get(changed.location ?? "")).body,
    /role="status">Your changes are saved: everyone invited sees them in Leaders\./,
  );
  assert.doesNotMatch((await mentor.get(page)).body, /role="status"/, "said once, after the save");
});

test("removing someone from a program, and a member from the organization, each say so", async () => {
  await admin.get(base);
  const fromProgram = await admin.post(`${base}/roles/${acme.users.mentor.id}/remove`);
  assert.equal(
    await noticeAfter(fromProgram),
    "Their role in the program is removed. Meetings already made stay as they are.",
  );
  const members = "/o/acme/manage/members";
  const asked = await admin.get(`${members}/${acme.users.member.id}/remove`);
  const confirm = formsOf(asked.body).find((f) => f.markup.includes("button-danger"));
  assert.equal(confirm?.action, `${members}/${acme.users.member.id}/remove`);
  assert.equal(
    await noticeAfter(await admin.post(confirm.action)),
    "The member is removed from Acme, with their roles in its programs. Meetings already made stay as they are.",
  );
});
