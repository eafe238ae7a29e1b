import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { Providers } from "../providers/registry.ts";
import { eventOrganizationId, eventsWithOrganization } from "./event-organization.ts";
import type { OperationsScope } from "./operations-scope.ts";

export interface ConnectionHealth {
  id: string;
  /** The provider's name in confab (`zoom`, `ms_teams`), and as people read it. */
  provider: string;
  providerName: string;
  kind: "personal" | "organization";
  /** The provider account's email: which account it is, as its owner would recognize it. */
  accountEmail: string;
  /** The provider's id of the account: what the daily budget is kept by. */
  accountKey: string;
  status: "connected" | "broken";
  statusReason: string | null;
  /** The last token refresh, or the connection itself when it was never refreshed. */
  lastRefreshAt: Date;
  refreshCount: number;
}

/**
 * The scope's provider connections that are not removed, broken ones first. For an
 * organization: its own install, the profiles its applications' users linked, and any
 * connection that hosts one of its events' meetings. Never a token: the columns are named.
 */
export async function listConnectionHealth(
  db: Kysely<Schema>,
  providers: Providers,
  scope: OperationsScope,
): Promise<ConnectionHealth[]> {
  let query = db
    .selectFrom("provider_connections")
    .select([
      "provider_connections.id",
      "provider_connections.provider",
      "provider_connections.kind",
      "provider_connections.email",
      "provider_connections.external_account_id",
      "provider_connections.status",
      "provider_connections.status_reason",
      "provider_connections.refreshed_at",
      "provider_connections.created_at",
      "provider_connections.refresh_count",
    ])
    .where("provider_connections.status", "<>", "removed");
  if (scope.kind === "organization") {
    const organizationId = scope.organizationId;
    query = query.where((eb) =>
      eb.or([
        eb.and([
          eb("provider_connections.kind", "=", "organization"),
          eb("provider_connections.owner_ref", "=", organizationId),
        ]),
        eb(
          "provider_connections.owner_ref",
          "in",
          db
            .selectFrom("application_calendars")
            .innerJoin("applications", "applications.id", "application_calendars.application_id")
            .select("application_calendars.sub")
            .where("applications.organization_id", "=", organizationId),
        ),
        eb(
          "provider_connections.id",
          "in",
          eventsWithOrganization(db)
            .innerJoin("meetings", "meetings.event_id", "events.id")
            .select("meetings.connection_id")
            .where(eventOrganizationId, "=", organizationId),
        ),
      ]),
    );
  }
  const rows = await query
    .orderBy(sql`provider_connections.status = 'broken'`, "desc")
    .orderBy("provider_connections.email")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    provider: r.provider,
    providerName: providers.get(r.provider)?.displayName ?? r.provider,
    kind: r.kind,
    accountEmail: r.email,
    accountKey: r.external_account_id,
    status: r.status === "broken" ? "broken" : "connected",
    statusReason: r.status_reason,
    lastRefreshAt: r.refreshed_at ?? r.created_at,
    refreshCount: r.refresh_count,
  }));
}
