import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";

/**
 * Asks for a program meeting's calendar invitations to be brought in step, in the caller's
 * transaction. One job per meeting at a time: changes made in quick succession collapse into
 * one run, which mails what the meeting is then.
 */
export async function scheduleInvitationMail(db: Kysely<Schema>, eventId: string): Promise<void> {
  await enqueueJob(
    db,
    "program_meetings:mail_invitations",
    { eventId },
    { jobKey: `invitations:${eventId}`, queueName: `invitations:${eventId}` },
  );
}
