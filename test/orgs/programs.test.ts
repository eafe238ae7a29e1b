import assert from "node:assert/strict";
import { test } from "node:test";
import { password, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

const { app, db } = await buildWebApp();
const acme = await seedTenant(db, "Acme");
const settings = `/o/acme/programs/${acme.programs.p1.id}/settings/permissions`;

async function modes(programId: string) {
  return db
    .selectFrom("meeting_modes")
    .select(["key", "label", "kind", "enabled"])
    .where("program_id", "=", programId)
    .orderBy("created_at")
    .orderBy("key")
    .execute();
}

test("a new program offers in person and phone, both on, and the roles mentor and mentee", async () => {
  assert.deepEqual(
    (await modes(acme.programs.p2.id)).map((m) => [m.key, m.enabled]),
    [
      ["in_person", true],
      ["phone", true],
    ],
  );
  assert.deepEqual(acme.programs.p2.memberRoleLabels, ["mentor", "mentee"]);
});

test("a program admin turns a mode off and adds a text mode under Program settings → Permissions", async () => {
  const programAdmin = webClient(app);
  await programAdmin.signIn(acme.users.programAdmin.email, password);
  const page = await programAdmin.get(settings);
  assert.equal(page.status, 200);
  assert.match(page.body, /<h1>Program settings<\/h1>/);
  assert.match(page.body, /Turn off Phone/);
  assert.equal(
    (
      await programAdmin.post(`${settings.replace("/permissions", "")}/meeting-modes/phone`, {
        enabled: "false",
      })
    ).status,
    303,
  );
  assert.equal(
    (
      await programAdmin.post(`${settings.replace("/permissions", "")}/meeting-modes`, {
        label: "Video on our own platform",
      })
    ).status,
    303,
  );
  const now = await modes(acme.programs.p1.id);
  assert.equal(now.find((m) => m.key === "phone")?.enabled, false);
  const custom = now.find((m) => m.kind === "custom");
  assert.equal(custom?.label, "Video on our own platform");
  assert.equal(custom?.enabled, true);
  const log = await db
    .selectFrom("audit_entries")
    .select("action")
    .where("actor_label", "=", acme.users.programAdmin.email)
    .execute();
  assert.deepEqual(log.map((l) => l.action).sort(), [
    "meeting_mode.added",
    "meeting_mode.disabled",
  ]);
});

test("a mode name that is empty or taken is refused next to the field, and nothing is added", async () => {
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  await admin.get(settings);
  const base = settings.replace("/permissions", "");
  const empty = await admin.post(`${base}/meeting-modes`, { label: "  " });
  assert.equal(empty.status, 400);
  assert.match(empty.body, /id="field-label-error"[^>]*>Enter a name of 1 to 60 characters/);
  const taken = await admin.post(`${base}/meeting-modes`, { label: "in person" });
  assert.equal(taken.status, 409);
  assert.match(taken.body, /already has a meeting mode with this name/);
  assert.equal(
    (await modes(acme.programs.p1.id)).filter((m) => m.label.toLowerCase() === "in person").length,
    1,
  );
});

test("built-in modes can only be turned off, never removed", async () => {
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  await admin.get(settings);
  const reply = await admin.post(
    `${settings.replace("/permissions", "")}/meeting-modes/in_person/remove`,
  );
  assert.equal(reply.status, 404);
  assert.ok((await modes(acme.programs.p1.id)).some((m) => m.key === "in_person"));
});

test("member roles can be renamed, but not away from roles people still hold", async () => {
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  await admin.get(settings);
  const base = settings.replace("/permissions", "");
  const refused = await admin.post(`${base}/member-roles`, { labels: "coach, coachee" });
  assert.equal(refused.status, 409);
  assert.match(refused.body, /Still held by members: mentor/);
  const fine = await admin.post(`${base}/member-roles`, { labels: "mentor, mentee, observer" });
  assert.equal(fine.status, 303);
  const program = await db
    .selectFrom("programs")
    .select("member_role_labels")
    .where("id", "=", acme.programs.p1.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(program.member_role_labels, ["mentor", "mentee", "observer"]);
});

test("a program admin cannot make another program admin; an org admin can", async () => {
  const programAdmin = webClient(app);
  await programAdmin.signIn(acme.users.programAdmin.email, password);
  await programAdmin.get(`/o/acme/programs/${acme.programs.p1.id}`);
  const refused = await programAdmin.post(`/o/acme/programs/${acme.programs.p1.id}/roles`, {
    email: acme.users.member.email,
    role: "program_admin",
  });
  assert.equal(refused.status, 403);
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  await admin.get(`/o/acme/programs/${acme.programs.p1.id}`);
  const done = await admin.post(`/o/acme/programs/${acme.programs.p1.id}/roles`, {
    email: acme.users.member.email,
    role: "program_admin",
  });
  assert.equal(done.status, 303);
});

test("a role for someone outside the organization is refused by the field", async () => {
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  await admin.get(`/o/acme/programs/${acme.programs.p1.id}`);
  const reply = await admin.post(`/o/acme/programs/${acme.programs.p1.id}/roles`, {
    email: "stranger@example.com",
    role: "mentor",
  });
  assert.equal(reply.status, 400);
  assert.match(
    reply.body,
    /id="field-email-error"[^>]*>This person is not a member of the organization/,
  );
});
