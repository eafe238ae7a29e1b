import { type Kysely, sql } from "kysely";
import type { Schema } from "../../src/db/schema.ts";
import { eventually } from "./conferencing-world.ts";

/**
 * Waits until no job of these tasks, nor with these keys, is queued or running: after that,
 * "nothing more was sent" can be read without guessing how long to wait.
 */
export async function untilNoJobsLeft(
  db: Kysely<Schema>,
  jobs: { tasks?: string[]; keys?: string[] },
  what: string,
): Promise<void> {
  const tasks = jobs.tasks ?? [];
  const keys = jobs.keys ?? [];
  await eventually(
    async () => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from graphile_worker.jobs
        where task_identifier = any(${tasks}::text[]) or key = any(${keys}::text[])
      `.execute(db);
      return rows[0]?.n === 0 ? true : undefined;
    },
    20_000,
    what,
  );
}
