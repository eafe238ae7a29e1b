import type { Kysely } from "kysely";
import { createUser, type User } from "../../src/accounts/create-user.ts";
import type { Schema } from "../../src/db/schema.ts";
import { createOrganization, type Organization } from "../../src/orgs/create-organization.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { addMember } from "../../src/orgs/members.ts";
import { assignProgramRole, createProgram, type Program } from "../../src/orgs/programs.ts";

export const password = "correct horse battery";

/**
 * An organization with a person in every role: an org admin, a program admin and a mentor in
 * one program (P1), a mentee in another (P2), a member with no program, and an operator who is
 * no member at all. The members joined as invited people do, by a mailed link, so their
 * addresses count as confirmed.
 */
export async function seedTenant(db: Kysely<Schema>, name: string) {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const organization: Organization = await createOrganization(db, {
    name,
    slug,
    actor: commandLineActor,
  });
  const person = async (role: string): Promise<User> => {
    const user = await createUser(db, {
      email: `${role}@${slug}.example`,
      password,
      name: `${role} of ${name}`,
    });
    await db
      .updateTable("users")
      .set({ email_verified_at: new Date() })
      .where("id", "=", user.id)
      .execute();
    return { ...user, emailVerified: true };
  };
  const users = {
    orgAdmin: await person("admin"),
    programAdmin: await person("program-admin"),
    mentor: await person("mentor"),
    mentee: await person("mentee"),
    member: await person("member"),
  } satisfies Record<string, User>;
  for (const [key, user] of Object.entries(users)) {
    await addMember(db, {
      organizationId: organization.id,
      email: user.email,
      role: key === "orgAdmin" ? "org_admin" : "member",
      actor: commandLineActor,
    });
  }
  const access = await loadOrgAccessForCommandLine(db, slug);
  const p1: Program = await createProgram(db, access, { name: "Leaders", actor: commandLineActor });
  const p2: Program = await createProgram(db, access, {
    name: "Engineers",
    actor: commandLineActor,
  });
  const give = (program: Program, user: User, role: string) =>
    assignProgramRole(db, access, program, { email: user.email, role, actor: commandLineActor });
  await give(p1, users.programAdmin, "program_admin");
  await give(p1, users.mentor, "mentor");
  await give(p2, users.mentee, "mentee");
  return { organization, users, programs: { p1, p2 } };
}

/**
 * A person with a confirmed address (as after following an invitation's mailed link) who is a
 * member of the organization in `role`.
 */
export async function addConfirmedMember(
  db: Kysely<Schema>,
  member: { organizationId: string; email: string; name: string; role: "org_admin" | "member" },
): Promise<User> {
  const user = await createUser(db, { email: member.email, password, name: member.name });
  await db
    .updateTable("users")
    .set({ email_verified_at: new Date() })
    .where("id", "=", user.id)
    .execute();
  await addMember(db, {
    organizationId: member.organizationId,
    email: user.email,
    role: member.role,
    actor: commandLineActor,
  });
  return { ...user, emailVerified: true };
}

export async function seedOperator(db: Kysely<Schema>, email = "operator@confab.example") {
  return createUser(db, { email, password, isOperator: true });
}
