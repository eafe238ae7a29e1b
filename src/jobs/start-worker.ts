import { randomUUID } from "node:crypto";
import os from "node:os";
import { run, type TaskList, Logger as WorkerLogger } from "graphile-worker";
import { type Kysely, sql } from "kysely";
import type pg from "pg";
import type { Logger } from "pino";
import type { Schema } from "../db/schema.ts";

export interface Worker {
  id: string;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  db: Kysely<Schema>;
  pool: pg.Pool;
  taskList: TaskList;
  concurrency: number;
  logger: Logger;
  heartbeatSeconds?: number;
  /** Recurring jobs, in graphile-worker's crontab form. */
  crontab?: string;
}

/**
 * The worker role: runs jobs from the shared queue (LISTEN/NOTIFY wakes it at once; polling is
 * the fallback) and says it is alive in `worker_heartbeats`, which readiness checks read.
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { db, pool, taskList, concurrency, logger } = options;
  const id = randomUUID();
  const log = logger.child({ worker: id });
  await beat(db, id);
  const runner = await run({
    pgPool: pool,
    taskList,
    concurrency,
    noHandleSignals: true,
    crontab: options.crontab ?? "",
    pollInterval: 2000,
    logger: new WorkerLogger(() => (level, message, meta) => {
      const method = level === "error" ? "error" : level === "warning" ? "warn" : "debug";
      log[method]({ ...meta }, message);
    }),
  });
  const heartbeat = setInterval(
    () => beat(db, id).catch((error) => log.warn({ err: error }, "worker heartbeat failed")),
    (options.heartbeatSeconds ?? 10) * 1000,
  );
  log.info({ concurrency, tasks: Object.keys(taskList) }, "worker started");
  return {
    id,
    stop: async () => {
      clearInterval(heartbeat);
      // Waits for the jobs in hand to finish; the queue keeps the rest for other workers.
      await runner.stop();
      await db
        .deleteFrom("worker_heartbeats")
        .where("worker_id", "=", id)
        .execute()
        .catch(() => undefined);
      log.info("worker stopped");
    },
  };
}

async function beat(db: Kysely<Schema>, id: string) {
  await db
    .insertInto("worker_heartbeats")
    .values({ worker_id: id, hostname: os.hostname(), pid: process.pid })
    .onConflict((oc) => oc.column("worker_id").doUpdateSet({ seen_at: sql`now()` }))
    .execute();
}
