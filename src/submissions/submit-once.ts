import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Vault } from "../vault/vault.ts";
import { newSubmissionKey, type SubmissionPurpose } from "./submission-key.ts";

export const shownOncePurpose = "form_submissions.shown_once";

/** One sending of a form: its key (absent on a page from before keys), by whom, for what. */
export interface Submission {
  key: string | undefined;
  userId: string;
  purpose: SubmissionPurpose;
}

/** What a create made: the page that shows it, and what that page shows once, if anything. */
export interface SubmissionResult {
  resultPath: string;
  shownOnce?: string | undefined;
}

/**
 * Makes what a form asks for once per key. The key is claimed, the thing made and its result
 * recorded in one transaction: a failed create frees the key for the corrected form, and a form
 * sent again while the first is still running waits for it and then finds its result. A form
 * without a key (a page rendered before keys) is made as before, only not deduplicated, yet
 * still gets a row, so that its result page can show what it shows once.
 */
export async function submitOnce(
  db: Kysely<Schema>,
  vault: Vault,
  submission: Submission,
  create: (trx: Kysely<Schema>) => Promise<SubmissionResult>,
): Promise<{ resultPath: string; repeated: boolean }> {
  const key = submission.key ?? newSubmissionKey();
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto("form_submissions")
      .values({ key, user_id: submission.userId, purpose: submission.purpose })
      .onConflict((c) => c.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    if (!claimed) {
      const resultPath = await earlierResult(trx, { ...submission, key });
      if (resultPath === undefined) throw stillSending();
      return { resultPath, repeated: true };
    }
    const result = await create(trx);
    await trx
      .updateTable("form_submissions")
      .set({
        result_path: result.resultPath,
        shown_once:
          result.shownOnce === undefined ? null : vault.encrypt(result.shownOnce, shownOncePurpose),
      })
      .where("key", "=", key)
      .execute();
    return { resultPath: result.resultPath, repeated: false };
  });
}

/**
 * Where the first sending of this key led, when it was sent before; undefined when it was not.
 * Another person's key, or a key of another form, is refused rather than followed.
 */
export async function earlierResult(
  db: Kysely<Schema>,
  submission: Submission,
): Promise<string | undefined> {
  if (submission.key === undefined) return undefined;
  const row = await db
    .selectFrom("form_submissions")
    .select(["user_id", "purpose", "result_path"])
    .where("key", "=", submission.key)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.user_id !== submission.userId) {
    throw new DomainError(
      "forbidden",
      "This form was already sent by someone else signed in on this browser. Open the page again and send it from there.",
    );
  }
  if (row.purpose !== submission.purpose) {
    throw new DomainError(
      "conflict",
      "This form was already used for something else. Open the page again and send it from there.",
    );
  }
  // A row is committed with its result, so this is only a create that is still running.
  if (row.result_path === null) throw stillSending();
  return row.result_path;
}

function stillSending(): DomainError {
  return new DomainError(
    "conflict",
    "This form is still being sent. Reload the page in a moment to see what it made.",
  );
}
