import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { Providers } from "../providers/registry.ts";
import { assessFailure } from "./assess-failure.ts";
import { eventOrganizationId, eventsWithOrganization } from "./event-organization.ts";
import type { OperationsScope } from "./operations-scope.ts";

export interface FailingEvent {
  /** confab's id of the event (`evt_…`), what Retry names. */
  id: string;
  summary: string;
  startAt: Date;
  reason: string;
  /** False while only a person can fix it (the reason says who and how): Retry is not offered. */
  retryable: boolean;
  /** The provider the meeting is for, as people read it; undefined when confab cannot tell. */
  providerName: string | undefined;
  /** Where the event came from: the application's name, or the program's. */
  source: { kind: "application" | "program"; name: string };
  organization: { slug: string; name: string };
}

/** The scope's failing events, soonest first: the one starting next is the one to fix first. */
export async function listFailingEvents(
  db: Kysely<Schema>,
  providers: Providers,
  scope: OperationsScope,
  limit = 50,
): Promise<FailingEvent[]> {
  const rows = await eventsWithOrganization(db)
    .innerJoin("organizations", (join) => join.on("organizations.id", "=", eventOrganizationId))
    .select([
      "events.id",
      "events.summary",
      "events.start_at",
      "events.conferencing_reason",
      "event_application.name as application_name",
      "event_program.name as program_name",
      "organizations.slug",
      "organizations.name as organization_name",
    ])
    .where("events.deleted_at", "is", null)
    .where("events.conferencing_state", "=", "failing")
    .$if(scope.kind === "organization", (q) =>
      q.where("organizations.id", "=", (scope as { organizationId: string }).organizationId),
    )
    .orderBy("events.start_at")
    .orderBy("events.id")
    .limit(limit)
    .execute();
  const assessed = await Promise.all(rows.map((r) => assessFailure(db, providers, r.id)));
  return rows.map((r, i) => {
    const provider = assessed[i]?.provider;
    return {
      id: r.id,
      retryable: assessed[i]?.retryable === true,
      providerName:
        provider === undefined ? undefined : (providers.get(provider)?.displayName ?? provider),
      summary: r.summary,
      startAt: r.start_at,
      reason: r.conferencing_reason ?? "No reason was recorded.",
      source:
        r.program_name !== null
          ? { kind: "program", name: r.program_name }
          : { kind: "application", name: r.application_name ?? "" },
      organization: { slug: r.slug, name: r.organization_name },
    };
  });
}
