import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import type { AlertPayload } from "./alert-payload.ts";

/**
 * Asks for an alert in the caller's transaction, with the change that causes it: the callers
 * call this only when a state really changed (connected → broken, pending → failing), so one
 * incident makes one alert, however many events it touches.
 */
export async function scheduleAlert(db: Kysely<Schema>, payload: AlertPayload): Promise<void> {
  const subject = payload.alert === "connection_broken" ? payload.connectionId : payload.eventId;
  await enqueueJob(db, "alerts:send", payload, {
    jobKey: `alert:${payload.alert}:${subject}`,
    jobKeyMode: "preserve_run_at",
  });
}
