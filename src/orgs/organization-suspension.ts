import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { scheduleProvisioning } from "../conferencing/schedule-provisioning.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { listOperatorEmails } from "./list-organizations.ts";

/** The longest reason an operator may give: it is read on a page and in API errors. */
export const suspensionReasonLimit = 500;

/** Why a suspension reason cannot be given as it is, or undefined when it can. */
export function suspensionReasonProblem(reason: string): string | undefined {
  const trimmed = reason.trim();
  return trimmed === "" || trimmed.length > suspensionReasonLimit
    ? `Say why, in 1 to ${suspensionReasonLimit} characters: members and applications read it.`
    : undefined;
}

/**
 * What a member of a suspended organization, or one of its applications, is answered with
 * instead of what they asked for: who suspended it, why, and whom to ask.
 */
export class OrganizationSuspended extends DomainError {
  readonly organizationName: string;

  constructor(organizationName: string, reason: string, operatorEmails: string[]) {
    super(
      "forbidden",
      `${organizationName} is suspended by the operator of this confab: ${sentence(reason)}${
        operatorEmails.length > 0 ? ` Contact ${operatorEmails.join(" or ")}.` : ""
      }`,
    );
    this.organizationName = organizationName;
  }
}

/** The reason as the end of a sentence: the operator may or may not have closed it. */
function sentence(reason: string): string {
  return /[.!?]$/.test(reason) ? reason : `${reason}.`;
}

/** The refusal for a suspended organization, naming the instance's operators to contact. */
export async function suspensionRefusal(
  db: Kysely<Schema>,
  organization: { name: string; suspendedReason: string },
): Promise<OrganizationSuspended> {
  return new OrganizationSuspended(
    organization.name,
    organization.suspendedReason,
    await listOperatorEmails(db),
  );
}

/** Refuses when the organization is suspended: for callers that hold only its id. */
export async function refuseIfSuspended(db: Kysely<Schema>, organizationId: string) {
  const row = await db
    .selectFrom("organizations")
    .select(["name", "suspended_reason"])
    .where("id", "=", organizationId)
    .where("suspended_at", "is not", null)
    .executeTakeFirst();
  if (row?.suspended_reason != null) {
    throw await suspensionRefusal(db, { name: row.name, suspendedReason: row.suspended_reason });
  }
}

/**
 * The suspended organization an event belongs to, if it is suspended: through its program (a
 * program meeting), or through its calendar's application (an application's event).
 */
export async function suspendedOrganizationOfEvent(
  db: Kysely<Schema>,
  event: { program_id: string | null; calendar_id: string | null },
): Promise<{ name: string; reason: string } | undefined> {
  const owner =
    event.program_id !== null
      ? db
          .selectFrom("programs")
          .select("organization_id")
          .where("programs.id", "=", event.program_id)
      : db
          .selectFrom("application_calendars")
          .innerJoin("applications", "applications.id", "application_calendars.application_id")
          .select("applications.organization_id")
          .where("application_calendars.id", "=", event.calendar_id ?? "");
  const row = await db
    .selectFrom("organizations")
    .select(["name", "suspended_reason"])
    .where("suspended_at", "is not", null)
    .where("id", "=", owner)
    .executeTakeFirst();
  return row?.suspended_reason == null
    ? undefined
    : { name: row.name, reason: row.suspended_reason };
}

/** What suspending reaches, counted when the operator is asked to confirm. */
export interface SuspensionImpact {
  members: number;
  /** Meetings not cancelled and not yet over, in its programs and from its applications. */
  upcomingMeetings: number;
  applications: number;
}

export async function suspensionImpact(
  db: Kysely<Schema>,
  organizationId: string,
): Promise<SuspensionImpact> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("memberships")
        .select(sql<number>`count(*)::int`.as("n"))
        .where("organization_id", "=", organizationId)
        .as("members"),
      eb
        .selectFrom("applications")
        .select(sql<number>`count(*)::int`.as("n"))
        .where("organization_id", "=", organizationId)
        .as("applications"),
      eb
        .selectFrom("events")
        .select(sql<number>`count(*)::int`.as("n"))
        .where("events.deleted_at", "is", null)
        .where("events.end_at", ">", sql<Date>`now()`)
        .where("events.conferencing_state", "<>", "none")
        .where((inner) => eventOfOrganization(inner, organizationId))
        .as("upcoming"),
    ])
    .executeTakeFirstOrThrow();
  return {
    members: row.members ?? 0,
    upcomingMeetings: row.upcoming ?? 0,
    applications: row.applications ?? 0,
  };
}

/** An event of the organization: in one of its programs, or on one of its applications' calendars. */
function eventOfOrganization(eb: ExpressionBuilder<Schema, "events">, organizationId: string) {
  return eb.or([
    eb(
      "events.program_id",
      "in",
      eb.selectFrom("programs").select("programs.id").where("organization_id", "=", organizationId),
    ),
    eb(
      "events.calendar_id",
      "in",
      eb
        .selectFrom("application_calendars")
        .innerJoin("applications", "applications.id", "application_calendars.application_id")
        .select("application_calendars.id")
        .where("applications.organization_id", "=", organizationId),
    ),
  ]);
}

/**
 * The operator suspends an organization: its members and applications are refused with the
 * reason, and the worker makes no meeting for it. Nothing is deleted, so that unsuspending
 * brings it back as it was; meetings already made keep their links.
 */
export async function suspendOrganization(
  db: Kysely<Schema>,
  input: { organizationId: string; reason: string; actor: AuditActor },
): Promise<{ name: string }> {
  const reason = input.reason.trim();
  const problem = suspensionReasonProblem(reason);
  if (problem) {
    throw new DomainError("invalid_input", "The organization was not suspended.", {
      reason: problem,
    });
  }
  return db.transaction().execute(async (trx) => {
    const before = await lockOrganization(trx, input.organizationId);
    if (before.suspended_at !== null) return { name: before.name };
    await trx
      .updateTable("organizations")
      .set({ suspended_at: sql`now()`, suspended_reason: reason })
      .where("id", "=", input.organizationId)
      .execute();
    await recordAuditEntry(trx, {
      organizationId: input.organizationId,
      actor: input.actor,
      action: "organization.suspended",
      subject: `${before.name}: ${reason}`,
    });
    return { name: before.name };
  });
}

/**
 * Lifts a suspension. The events that waited meanwhile (failing with the suspension as their
 * reason, or not yet made) get their go at once, in the same transaction as the change.
 */
export async function unsuspendOrganization(
  db: Kysely<Schema>,
  input: { organizationId: string; actor: AuditActor },
): Promise<{ name: string; resumed: number }> {
  return db.transaction().execute(async (trx) => {
    const before = await lockOrganization(trx, input.organizationId);
    if (before.suspended_at === null) return { name: before.name, resumed: 0 };
    await trx
      .updateTable("organizations")
      .set({ suspended_at: null, suspended_reason: null })
      .where("id", "=", input.organizationId)
      .execute();
    await recordAuditEntry(trx, {
      organizationId: input.organizationId,
      actor: input.actor,
      action: "organization.unsuspended",
      subject: before.name,
    });
    const waiting = await trx
      .selectFrom("events")
      .select("id")
      .where("deleted_at", "is", null)
      .where("conferencing_state", "in", ["pending", "failing"])
      .where((eb) => eventOfOrganization(eb, input.organizationId))
      .execute();
    for (const { id } of waiting) await scheduleProvisioning(trx, id);
    return { name: before.name, resumed: waiting.length };
  });
}

async function lockOrganization(db: Kysely<Schema>, organizationId: string) {
  const row = await db
    .selectFrom("organizations")
    .select(["name", "suspended_at"])
    .where("id", "=", organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "There is no such organization.");
  return row;
}
