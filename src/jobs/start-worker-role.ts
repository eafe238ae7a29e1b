import type { TaskList } from "graphile-worker";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { startWorker, type Worker } from "./start-worker.ts";
import { buildTaskList, deliveryTasks } from "./task-list.ts";

export interface WorkerRole extends Worker {
  /** The lane that sends push notifications, beside the one for everything else. */
  deliveries: Worker;
}

/**
 * The worker role: two job runners on the one queue, each taking only its own tasks. Meeting,
 * mail and connection work share `CONFAB_WORKER_CONCURRENCY` slots; push deliveries have
 * `CONFAB_DELIVERY_CONCURRENCY` of their own, so an application's slow or dead endpoints can
 * fill only those, never delay another organization's meetings.
 */
export async function startWorkerRole(options: {
  database: Database;
  config: Config;
  logger: Logger;
  crontab?: string;
  taskList?: TaskList;
}): Promise<WorkerRole> {
  const { database, config, logger } = options;
  const all = options.taskList ?? buildTaskList({ database, logger, config });
  const lane = (inDeliveries: boolean) =>
    Object.fromEntries(
      Object.entries(all).filter(
        ([name]) => (deliveryTasks as readonly string[]).includes(name) === inDeliveries,
      ),
    );
  const work = await startWorker({
    db: database.db,
    pool: database.pool,
    taskList: lane(false),
    crontab: options.crontab,
    concurrency: config.workerConcurrency,
    logger,
  });
  let deliveries: Worker;
  try {
    deliveries = await startWorker({
      db: database.db,
      pool: database.pool,
      taskList: lane(true),
      concurrency: config.deliveryConcurrency,
      logger: logger.child({ lane: "deliveries" }),
    });
  } catch (error) {
    await work.stop();
    throw error;
  }
  return {
    get id() {
      return work.id;
    },
    deliveries,
    stop: async () => {
      await Promise.all([work.stop(), deliveries.stop()]);
    },
  };
}
