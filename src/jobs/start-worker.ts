import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import os from "node:os";
import {
  type Runner,
  run,
  type TaskList,
  type WorkerEvents,
  Logger as WorkerLogger,
} from "graphile-worker";
import { type Kysely, sql } from "kysely";
import type pg from "pg";
import type { Logger } from "pino";
import type { Schema } from "../db/schema.ts";
import { measureTasks } from "../metrics/measure-tasks.ts";
import { createJobQueuePool } from "./job-queue-pool.ts";
import { releaseAbandonedJobs } from "./release-abandoned-jobs.ts";

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
 * the fallback) and says it is alive in `worker_heartbeats`, which readiness checks read. Its id
 * there is the one graphile-worker locks jobs with, so that live workers can take back the jobs
 * of one that died without releasing them (release-abandoned-jobs.ts).
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { db, logger } = options;
  let log = logger;
  let stopping = false;
  const queuePool = createJobQueuePool(options.pool);
  let current = await startRunner(options, queuePool, () => log);
  log = logger.child({ worker: current.id });
  try {
    await beat(db, current.id);
  } catch (error) {
    await current.runner.stop().catch(() => undefined);
    await queuePool.end().catch(() => undefined);
    throw error;
  }

  // Should graphile-worker's pool stop on its own (an error it cannot get past), its locks are
  // released and a new one takes over, rather than the process idling with no runner.
  const replaceWhenItDies = (running: StartedRunner) => {
    // The runner's promise settles (resolved, even after an error) only once its pool is gone.
    const replace = async (error?: unknown) => {
      if (stopping) return;
      log.error({ err: error }, "the job runner stopped; starting another");
      while (!stopping) {
        try {
          await sql`select graphile_worker.force_unlock_workers(${[running.id]}::text[])`.execute(
            db,
          );
          await db.deleteFrom("worker_heartbeats").where("worker_id", "=", running.id).execute();
          current = await startRunner(options, queuePool, () => log);
          log = logger.child({ worker: current.id });
          replaceWhenItDies(current);
          await beat(db, current.id).catch(() => undefined);
          return;
        } catch (again) {
          log.warn({ err: again }, "the job runner cannot start yet; trying again");
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
      }
    };
    running.runner.promise.then(() => replace(), replace);
  };
  replaceWhenItDies(current);

  const heartbeat = setInterval(
    async () => {
      try {
        await beat(db, current.id);
        const released = await releaseAbandonedJobs(db);
        if (released.length > 0) log.warn({ workers: released }, "took back jobs of dead workers");
      } catch (error) {
        log.warn({ err: error }, "worker heartbeat failed");
      }
    },
    (options.heartbeatSeconds ?? 10) * 1000,
  );
  log.info(
    { concurrency: options.concurrency, tasks: Object.keys(options.taskList) },
    "worker started",
  );
  return {
    get id() {
      return current.id;
    },
    stop: async () => {
      stopping = true;
      clearInterval(heartbeat);
      // Waits for the jobs in hand to finish; the queue keeps the rest for other workers.
      await current.runner.stop().catch(() => undefined);
      await db
        .deleteFrom("worker_heartbeats")
        .where("worker_id", "=", current.id)
        .execute()
        .catch(() => undefined);
      await queuePool.end().catch(() => undefined);
      log.info("worker stopped");
    },
  };
}

interface StartedRunner {
  runner: Runner;
  /** The id the runner's pool locks jobs with, and this worker's heartbeat id. */
  id: string;
}

async function startRunner(
  options: WorkerOptions,
  pgPool: pg.Pool,
  log: () => Logger,
): Promise<StartedRunner> {
  const events = new EventEmitter() as WorkerEvents;
  let id: string = randomUUID();
  events.once("pool:create", ({ workerPool }) => {
    id = workerPool.id;
  });
  const runner = await run({
    pgPool,
    taskList: measureTasks(options.taskList),
    concurrency: options.concurrency,
    noHandleSignals: true,
    crontab: options.crontab ?? "",
    pollInterval: 2000,
    events,
    logger: new WorkerLogger(() => (level, message, meta) => {
      const method = level === "error" ? "error" : level === "warning" ? "warn" : "debug";
      log()[method]({ ...meta }, message);
    }),
  });
  return { runner, id };
}

async function beat(db: Kysely<Schema>, id: string) {
  await db
    .insertInto("worker_heartbeats")
    .values({ worker_id: id, hostname: os.hostname(), pid: process.pid })
    .onConflict((oc) => oc.column("worker_id").doUpdateSet({ seen_at: sql`now()` }))
    .execute();
}
