import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";

export interface EndpointHealth {
  endpoint: string;
  consecutiveFailures: number;
  pausedUntil: Date | null;
  lastError: string | null;
  lastFailureAt: Date | null;
  lastSuccessAt: Date | null;
}

export interface DeliveryEntry {
  id: string;
  type: string;
  /** The uri without credentials or query, which may carry secrets of the receiver. */
  shownUri: string;
  createdAt: Date;
  attempts: number;
  status: "delivered" | "waiting" | "failed" | "superseded";
  at: Date | null;
  lastError: string | null;
}

/** The endpoints an application receives notifications at, with their circuit breakers. */
export async function listEndpointHealth(
  db: Kysely<Schema>,
  applicationId: string,
): Promise<EndpointHealth[]> {
  const rows = await db
    .selectFrom("callback_endpoints")
    .selectAll()
    .where("application_id", "=", applicationId)
    .orderBy("endpoint")
    .execute();
  return rows.map((row) => ({
    endpoint: row.endpoint,
    consecutiveFailures: row.consecutive_failures,
    pausedUntil: row.paused_until && row.paused_until > new Date() ? row.paused_until : null,
    lastError: row.last_error,
    lastFailureAt: row.last_failure_at,
    lastSuccessAt: row.last_success_at,
  }));
}

/**
 * The application's latest notifications, newest first, each with where it stands; a waiting
 * one says when it is tried next (its job's run_at).
 */
export async function listRecentDeliveries(
  db: Kysely<Schema>,
  applicationId: string,
  limit = 25,
): Promise<DeliveryEntry[]> {
  const rows = await db
    .selectFrom("notifications as n")
    .select([
      "n.id",
      "n.type",
      "n.uri",
      "n.created_at",
      "n.attempts",
      "n.delivered_at",
      "n.failed_at",
      "n.superseded_at",
      "n.last_error",
      sql<Date | null>`(select min(j.run_at) from graphile_worker.jobs j where j.key = 'notification:' || n.id)`.as(
        "next_at",
      ),
    ])
    .where("n.application_id", "=", applicationId)
    .orderBy("n.created_at", "desc")
    .orderBy("n.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const status = row.delivered_at
      ? "delivered"
      : row.failed_at
        ? "failed"
        : row.superseded_at
          ? "superseded"
          : "waiting";
    return {
      id: row.id,
      type: row.type,
      shownUri: shownUri(row.uri),
      createdAt: row.created_at,
      attempts: row.attempts,
      status,
      at: row.delivered_at ?? row.failed_at ?? row.superseded_at ?? row.next_at,
      lastError: row.last_error,
    };
  });
}

function shownUri(uri: string): string {
  try {
    const url = new URL(uri);
    return `${url.origin}${url.pathname}`;
  } catch {
    return "(not a URL)";
  }
}
