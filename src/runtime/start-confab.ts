import type { Logger } from "pino";
import { ensureOperator } from "../accounts/ensure-operator.ts";
import type { Config } from "../config.ts";
import { type Database, openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { type App, buildApp } from "../http/build-app.ts";
import { startWorker, type Worker } from "../jobs/start-worker.ts";
import { buildTaskList } from "../jobs/task-list.ts";
import { openVault } from "../vault/secret-keys.ts";

export interface Roles {
  web: boolean;
  worker: boolean;
}

export interface RunningConfab {
  /** Where the web role listens (undefined without it). */
  url: string | undefined;
  app: App | undefined;
  worker: Worker | undefined;
  database: Database;
  /** Stops taking work, finishes what is in hand, then closes the database. */
  stop(): Promise<void>;
}

/**
 * The composition root: one program, several roles. `web` serves HTTP, `worker` runs jobs, and
 * `start` is both; each role migrates the database first, so any of them can be started first.
 */
export async function startConfab(
  config: Config,
  logger: Logger,
  roles: Roles,
): Promise<RunningConfab> {
  const started = Date.now();
  const database = await openDatabase(config, logger);
  let app: App | undefined;
  let worker: Worker | undefined;
  try {
    const applied = await migrateToLatest(database.db, database.pool);
    logger.info({ applied }, applied.length ? "migrations applied" : "database schema is current");
    const vault = openVault(config);
    logger.debug({ keyId: vault.currentKeyId }, "secret key loaded");
    if (config.operator) {
      const { user, created } = await ensureOperator(database.db, config.operator);
      logger.info({ email: user.email, created }, "operator account from the environment");
    }

    if (roles.worker) {
      worker = await startWorker({
        db: database.db,
        pool: database.pool,
        taskList: buildTaskList({ database, logger }),
        concurrency: config.workerConcurrency,
        logger,
      });
    }
    let url: string | undefined;
    if (roles.web) {
      app = await buildApp({ config, database, logger, vault });
      url = await app.listen({ port: config.port, host: config.host });
    }
    logger.info({ ms: Date.now() - started, url, roles }, "confab is up");
    return {
      url,
      app,
      worker,
      database,
      stop: () => stop(logger, app, worker, database),
    };
  } catch (error) {
    await stop(logger, app, worker, database).catch(() => undefined);
    throw error;
  }
}

async function stop(
  logger: Logger,
  app: App | undefined,
  worker: Worker | undefined,
  database: Database,
) {
  // Order matters: no new requests, then no new jobs, then the connections, then the server.
  await app?.close();
  await worker?.stop();
  await database.close();
  logger.info("confab stopped");
}
