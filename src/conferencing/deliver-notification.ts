import { createHmac } from "node:crypto";
import type { Task } from "graphile-worker";
import { type Kysely, sql } from "kysely";
import { applicationSecret } from "../calendars/authenticate-application.ts";
import type { Schema } from "../db/schema.ts";
import type { TaskPayloads } from "../jobs/task-payloads.ts";
import type { Vault } from "../vault/vault.ts";

const timeoutMs = 10_000;

/** Cronofy's signature: base64 HMAC-SHA256 of the exact body, keyed with the client secret. */
export function notificationSignature(body: string, clientSecret: string): string {
  return createHmac("sha256", clientSecret).update(body).digest("base64");
}

/**
 * Sends one push notification. Anything but a 2xx is an error, so the job is retried with
 * backoff; once acknowledged it is never sent again.
 */
export function deliverNotificationTask(deps: { db: Kysely<Schema>; vault: Vault }): Task {
  return async (payload) => {
    const { notificationId } = payload as TaskPayloads["conferencing:deliver_notification"];
    const { db } = deps;
    const row = await db
      .selectFrom("notifications")
      .selectAll()
      .where("id", "=", notificationId)
      .executeTakeFirst();
    if (!row || row.delivered_at) return;
    const secret = await applicationSecret(db, deps.vault, row.application_id);
    let problem: string | undefined;
    try {
      const reply = await fetch(row.uri, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "confab",
          "Cronofy-HMAC-SHA256": notificationSignature(row.body, secret),
        },
        body: row.body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      await reply.body?.cancel();
      if (reply.status < 200 || reply.status > 299) problem = `answered ${reply.status}`;
    } catch (error) {
      problem = `could not be reached: ${(error as Error).message}`;
    }
    await db
      .updateTable("notifications")
      .set({
        attempts: sql`attempts + 1`,
        last_error: problem ?? null,
        delivered_at: problem ? null : sql`now()`,
      })
      .where("id", "=", notificationId)
      .execute();
    if (problem) throw new Error(`The notification endpoint ${problem}; retrying later.`);
  };
}
