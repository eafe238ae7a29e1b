import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { createUser } from "../accounts/create-user.ts";
import type { AuditActor } from "../audit/record-audit-entry.ts";
import type { Schema } from "../db/schema.ts";
import { createApplication } from "../orgs/applications.ts";
import { createOrganization } from "../orgs/create-organization.ts";
import { elevatedOrgAccess } from "../orgs/load-org-access.ts";
import { addMember } from "../orgs/members.ts";
import { assignProgramRole, createProgram, type Program } from "../orgs/programs.ts";
import { setIntegrationsEnabled } from "../orgs/set-integrations-enabled.ts";
import type { Vault } from "../vault/vault.ts";
import { demoApplication, demoOrganization, demoPeople, demoPrograms } from "./demo-people.ts";

export const demoActor: AuditActor = { userId: null, label: "confab demo" };

export interface DemoData {
  /** True when this call made the demo data; false when it was already there. */
  seeded: boolean;
  /** The demo application's credentials, for trying the API (undefined if it was deleted). */
  application: { clientId: string; clientSecret: string | undefined } | undefined;
}

/**
 * Makes the demo organization and its people, once: when the organization exists, nothing is
 * touched, so what someone changed while trying confab (a removed admin, a deleted application)
 * stays changed after a restart. Seeding that fails half-way is undone, to be tried again.
 */
export async function seedDemoData(
  db: Kysely<Schema>,
  vault: Vault,
  input: { publicUrl: string },
): Promise<DemoData> {
  const existing = await db
    .selectFrom("organizations")
    .select("id")
    .where("slug", "=", demoOrganization.slug)
    .executeTakeFirst();
  if (existing) {
    await confirmDemoAddresses(db);
    return { seeded: false, application: await readApplication(db, existing.id) };
  }

  await createMissingAccounts(db);
  await confirmDemoAddresses(db);
  const organization = await createOrganization(db, { ...demoOrganization, actor: demoActor });
  try {
    await setIntegrationsEnabled(db, {
      organizationId: organization.id,
      enabled: true,
      actor: demoActor,
    });
    const access = elevatedOrgAccess(organization, { userId: "confab demo", isOperator: true });
    const programs = new Map<string, Program>();
    for (const name of Object.values(demoPrograms)) {
      programs.set(name, await createProgram(db, access, { name, actor: demoActor }));
    }
    for (const person of demoPeople) {
      if (!person.orgRole) continue;
      await addMember(db, {
        organizationId: organization.id,
        email: person.email,
        role: person.orgRole,
        actor: demoActor,
      });
      for (const [programName, role] of Object.entries(person.programs ?? {})) {
        const program = programs.get(programName);
        if (!program) throw new Error(`demo: ${person.email} names no demo program`);
        await assignProgramRole(db, access, program, {
          email: person.email,
          role,
          actor: demoActor,
        });
      }
    }
    const { application, clientSecret } = await createApplication(db, vault, access, {
      name: demoApplication.name,
      redirectUris: applicationRedirectUris(input.publicUrl),
      actor: demoActor,
    });
    return { seeded: true, application: { clientId: application.clientId, clientSecret } };
  } catch (error) {
    await db.deleteFrom("organizations").where("id", "=", organization.id).execute();
    throw error;
  }
}

/**
 * The demo's people stand for real ones whose addresses are known: they count as confirmed, also
 * in a data folder made before addresses were confirmed at all.
 */
async function confirmDemoAddresses(db: Kysely<Schema>): Promise<void> {
  await db
    .updateTable("users")
    .set({ email_verified_at: new Date() })
    .where(
      "email",
      "in",
      demoPeople.map((p) => p.email),
    )
    .where("email_verified_at", "is", null)
    .execute();
}

/**
 * Demo accounts get a long random password nobody ever sees: one-click sign-in is their only
 * way in, and it exists in demo mode alone. With the demo off, they cannot sign in at all.
 */
async function createMissingAccounts(db: Kysely<Schema>): Promise<void> {
  const present = new Set(
    (
      await db
        .selectFrom("users")
        .select("email")
        .where(
          "email",
          "in",
          demoPeople.map((p) => p.email),
        )
        .execute()
    ).map((row) => row.email),
  );
  await Promise.all(
    demoPeople
      .filter((person) => !present.has(person.email))
      .map((person) =>
        createUser(db, {
          email: person.email,
          name: person.name,
          password: randomBytes(32).toString("base64url"),
          isOperator: person.isOperator ?? false,
        }),
      ),
  );
}

/** Where an application is sent back to after F2: the start page, on a loopback demo. */
function applicationRedirectUris(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  const allowed =
    url.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  return allowed ? [`${publicUrl}/`] : [];
}

/** On later starts only the client id: a client secret is shown once, when it is made. */
async function readApplication(db: Kysely<Schema>, organizationId: string) {
  const row = await db
    .selectFrom("applications")
    .select(["client_id"])
    .where("organization_id", "=", organizationId)
    .where("name", "=", demoApplication.name)
    .orderBy("created_at")
    .executeTakeFirst();
  return row ? { clientId: row.client_id, clientSecret: undefined } : undefined;
}
