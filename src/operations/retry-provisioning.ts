import type { Kysely } from "kysely";
import type { AuditActor } from "../audit/record-audit-entry.ts";
import { recordAuditEntry } from "../audit/record-audit-entry.ts";
import { scheduleProvisioning } from "../conferencing/schedule-provisioning.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Providers } from "../providers/registry.ts";
import { eventOrganizationId, eventsWithOrganization } from "./event-organization.ts";
import type { OperationsScope } from "./operations-scope.ts";
import { retryWouldHelp } from "./retry-would-help.ts";

/**
 * Asks the worker to try a failing event's meeting again now, instead of at its next backoff
 * (or never, for a failure confab does not retry by itself, like a refused meeting). The state
 * stays failing until the attempt decides, so the application hears only of a real change. A
 * failure only a person can fix is not retried (retry-would-help.ts).
 * An event outside the scope is not found, whoever asks.
 */
export async function retryProvisioning(
  db: Kysely<Schema>,
  providers: Providers,
  scope: OperationsScope,
  input: { eventId: string; actor: AuditActor },
): Promise<{ summary: string }> {
  const event = await eventsWithOrganization(db)
    .select([
      "events.id",
      "events.summary",
      "events.event_id",
      "events.conferencing_state",
      eventOrganizationId.as("organization_id"),
    ])
    .where("events.id", "=", input.eventId)
    .where("events.deleted_at", "is", null)
    .$if(scope.kind === "organization", (q) =>
      q.where(eventOrganizationId, "=", (scope as { organizationId: string }).organizationId),
    )
    .executeTakeFirst();
  if (!event) throw new DomainError("not_found", "There is no such event here.");
  if (event.conferencing_state !== "failing") {
    throw new DomainError(
      "conflict",
      "This event's meeting is not failing any more: there is nothing to retry.",
    );
  }
  if (!(await retryWouldHelp(db, providers, event.id))) {
    throw new DomainError(
      "conflict",
      "Trying again cannot fix this event's meeting: it waits for what its reason says (a profile or an install to be connected), and confab tries again by itself once that is done.",
    );
  }
  const summary = event.summary || event.event_id;
  await db.transaction().execute(async (trx) => {
    // A fresh start for the backoff: the next silence is waited out briefly again.
    await trx.updateTable("events").set({ deferrals: 0 }).where("id", "=", event.id).execute();
    await scheduleProvisioning(trx, event.id);
    await recordAuditEntry(trx, {
      organizationId: event.organization_id,
      actor: input.actor,
      action: "event.provisioning_retried",
      subject: summary,
    });
  });
  return { summary };
}
