import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { Vault } from "../vault/vault.ts";
import { shownOncePurpose } from "./submit-once.ts";

/** How long after a create its result page may still show what it shows once. */
export const shownOnceMinutes = 15;

/**
 * What a create left for its result page (a new client secret), taken: the first opening of
 * that page by the person who sent the form shows it, a reload no longer does. Nothing is taken
 * for anyone else, or once the short wait is over.
 */
export async function takeShownOnce(
  db: Kysely<Schema>,
  vault: Vault,
  input: { userId: string; resultPath: string },
): Promise<string | undefined> {
  const result = await sql<{ shown_once: string }>`
    with taken as (
      select key, shown_once from form_submissions
      where user_id = ${input.userId}
        and result_path = ${input.resultPath}
        and shown_once is not null
        and created_at > now() - make_interval(mins => ${shownOnceMinutes})
      order by created_at desc
      limit 1
      for update skip locked
    )
    update form_submissions f set shown_once = null
    from taken where f.key = taken.key
    returning taken.shown_once
  `.execute(db);
  const sealed = result.rows[0]?.shown_once;
  return sealed === undefined ? undefined : vault.decrypt(sealed, shownOncePurpose);
}
