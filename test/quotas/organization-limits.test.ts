import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { mailOff } from "../../src/mail/outbox.ts";
import { createApplication } from "../../src/orgs/applications.ts";
import { inviteMember } from "../../src/orgs/invitations.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { addMeetingMode } from "../../src/orgs/meeting-modes.ts";
import { createProgram } from "../../src/orgs/programs.ts";
import { organizationLimits } from "../../src/quotas/organization-limits.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";

const { db, config } = await buildWebApp();
const tenant = await seedTenant(db, "Limited");
const access = await loadOrgAccessForCommandLine(db, "limited");
const organizationId = tenant.organization.id;

/** What a refusal says about a field. */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    const fields = (error as { fields?: Record<string, string> }).fields ?? {};
    return Object.values(fields).join(" ");
  }
  throw new Error("expected a refusal");
}

test("an organization has at most 200 programs; the 201st is refused with the limit and not written", async () => {
  const existing = (
    await db
      .selectFrom("programs")
      .select("id")
      .where("organization_id", "=", organizationId)
      .execute()
  ).length;
  await sql`
    insert into programs (id, organization_id, name)
    select 'prg' || chr(95) || 'filler' || n, ${organizationId}, 'Filler ' || n
    from generate_series(1, ${organizationLimits.programs - 1 - existing}) as n
  `.execute(db);
  assert.ok(await createProgram(db, access, { name: "The last one", actor: commandLineActor }));
  const said = await refusal(
    createProgram(db, access, { name: "One too many", actor: commandLineActor }),
  );
  assert.match(said, /200 programs, the most one may have/);
  const stored = await db
    .selectFrom("programs")
    .select("id")
    .where("name", "=", "One too many")
    .execute();
  assert.deepEqual(stored, []);
});

test("an organization registers at most 20 applications", async () => {
  const vault = openVault(config);
  for (let n = 0; n < organizationLimits.applications; n++) {
    await createApplication(db, vault, access, {
      name: `App ${n}`,
      redirectUris: "https://app.example/cb",
      actor: commandLineActor,
    });
  }
  const said = await refusal(
    createApplication(db, vault, access, {
      name: "App 21",
      redirectUris: "https://app.example/cb",
      actor: commandLineActor,
    }),
  );
  assert.match(said, /20 applications/);
});

test("a program adds at most 20 meeting modes of its own", async () => {
  const program = tenant.programs.p2;
  for (let n = 0; n < organizationLimits.customModesPerProgram; n++) {
    await addMeetingMode(db, access, program, { label: `Mode ${n}`, actor: commandLineActor });
  }
  const said = await refusal(
    addMeetingMode(db, access, program, { label: "Mode 21", actor: commandLineActor }),
  );
  assert.match(said, /20 meeting modes of its own/);
});

test("an organization sends at most 200 invitations in 24 hours, and the refused one mails nothing", async () => {
  const before = await db.selectFrom("outbox_messages").select("id").execute();
  await sql`
    insert into invitations (id, organization_id, email, role, token_hash, expires_at)
    select 'inv' || chr(95) || 'filler' || n, ${organizationId}, 'filler-' || n || '@limited.example', 'member',
      'hash-' || n, now() + interval '7 days'
    from generate_series(1, ${organizationLimits.invitationsPerDay}) as n
  `.execute(db);
  const invite = (email: string) =>
    inviteMember(db, access, {
      email,
      role: "member",
      actor: commandLineActor,
      publicUrl: config.publicUrl,
      inviterName: "Limits",
      outbox: mailOff,
    });
  assert.match(
    await refusal(invite("one-more@limited.example")),
    /200 invitations in the last 24 hours/,
  );
  const after = await db.selectFrom("outbox_messages").select("id").execute();
  assert.equal(after.length, before.length);
  await sql`update invitations set created_at = now() - interval '25 hours' where id like 'inv_filler%'`.execute(
    db,
  );
  assert.ok((await invite("next-day@limited.example")).email);
});
