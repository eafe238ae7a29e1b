import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { shownOnceMinutes } from "./take-shown-once.ts";

/** How long a sent form's key is remembered: far beyond any Back and Reload of its page. */
export const submissionKeyDays = 7;

/**
 * Forgets what results pages never opened would have shown once (a secret not shown in time is
 * not kept anywhere), and keys old enough that nobody sends their forms again.
 */
export async function pruneFormSubmissions(db: Kysely<Schema>): Promise<Record<string, number>> {
  const unshown = await sql`
    update form_submissions set shown_once = null
    where shown_once is not null and created_at < now() - make_interval(mins => ${shownOnceMinutes})
  `.execute(db);
  const forgotten = await sql`
    delete from form_submissions where created_at < now() - make_interval(days => ${submissionKeyDays})
  `.execute(db);
  return {
    shown_once: Number(unshown.numAffectedRows ?? 0),
    form_submissions: Number(forgotten.numAffectedRows ?? 0),
  };
}
