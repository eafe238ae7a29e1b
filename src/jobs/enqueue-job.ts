import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { TaskPayloads } from "./task-payloads.ts";

export interface JobOptions {
  /** Jobs in one queue run one at a time, in order: e.g. one queue per event. */
  queueName?: string;
  runAt?: Date;
  /** A second job with the same key replaces the pending one instead of adding another. */
  jobKey?: string;
  jobKeyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
  maxAttempts?: number;
  priority?: number;
}

/**
 * Adds a job through the caller's connection, so that inside a transaction the job exists if
 * and only if the transaction commits: the write that needs the work and the work itself are
 * never separated.
 */
export async function enqueueJob<Task extends keyof TaskPayloads>(
  db: Kysely<Schema>,
  task: Task,
  payload: TaskPayloads[Task],
  options: JobOptions = {},
): Promise<string> {
  return addJob(db, task, payload, options);
}

/** The untyped form, for tasks outside confab's own list (tests register their own). */
export async function addJob(
  db: Kysely<Schema>,
  task: string,
  payload: unknown,
  options: JobOptions = {},
): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    select (graphile_worker.add_job(
      identifier   => ${task},
      payload      => ${JSON.stringify(payload ?? {})}::json,
      queue_name   => ${options.queueName ?? null}::text,
      run_at       => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? null}::int,
      job_key      => ${options.jobKey ?? null}::text,
      priority     => ${options.priority ?? null}::int,
      job_key_mode => ${options.jobKeyMode ?? "replace"}::text
    )).id::text as id
  `.execute(db);
  return (rows[0] as { id: string }).id;
}
