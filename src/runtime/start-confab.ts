import type { Logger } from "pino";
import { ensureOperator } from "../accounts/ensure-operator.ts";
import type { Config } from "../config.ts";
import { type Database, openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import type { DemoData } from "../demo/seed-demo-data.ts";
import { type Demo, type DemoMode, startDemo } from "../demo/start-demo.ts";
import { type App, buildApp } from "../http/build-app.ts";
import type { Worker } from "../jobs/start-worker.ts";
import { startWorkerRole } from "../jobs/start-worker-role.ts";
import { schedule } from "../jobs/task-list.ts";
import { checkSmtpAtStart } from "../mail/check-smtp-at-start.ts";
import { type MetricsServer, startMetricsServer } from "../metrics/metrics-server.ts";
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
  /** Where /metrics is served when CONFAB_METRICS_PORT gives it a port of its own. */
  metricsUrl: string | undefined;
  database: Database;
  /** The demo when it runs (CONFAB_DEMO, `start` only): what the console tells a newcomer. */
  demo: (DemoMode & DemoData) | undefined;
  /** Stops taking work, finishes what is in hand, then closes the database. */
  stop(): Promise<void>;
}

/**
 * The composition root: one program, several roles. `web` serves HTTP, `worker` runs jobs, and
 * `start` is both; each role migrates the database first, so any of them can be started first.
 */
export async function startConfab(
  givenConfig: Config,
  logger: Logger,
  roles: Roles,
): Promise<RunningConfab> {
  const started = Date.now();
  let config = givenConfig;
  const database = await openDatabase(config, logger);
  let app: App | undefined;
  let worker: Worker | undefined;
  let demo: Demo | undefined;
  let metrics: MetricsServer | undefined;
  const stopAll = () => stop(logger, app, worker, database, demo, metrics);
  try {
    // The demo needs both roles in one process: it runs the Zoom sandbox beside them.
    if (config.demo && roles.web && roles.worker) {
      demo = await startDemo(config, logger);
      config = demo.config;
    }
    const applied = await migrateToLatest(database.db, database.pool);
    logger.info({ applied }, applied.length ? "migrations applied" : "database schema is current");
    const vault = openVault(config);
    logger.debug({ keyId: vault.currentKeyId }, "secret key loaded");
    if (config.operator) {
      const { user, created } = await ensureOperator(database.db, config.operator);
      logger.info({ email: user.email, created }, "operator account from the environment");
    }
    const demoData = await demo?.seed(database.db, vault);

    if (roles.worker) {
      void checkSmtpAtStart(config.mail, logger);
      worker = await startWorkerRole({ database, config, logger, crontab: schedule });
    }
    if (config.metrics.port !== undefined) {
      metrics = await startMetricsServer({
        db: database.db,
        host: config.host,
        port: config.metrics.port,
        token: config.metrics.token,
      });
    }
    let url: string | undefined;
    if (roles.web) {
      app = await buildApp({ config, database, logger, vault, demo: demo?.mode });
      url = await app.listen({ port: config.port, host: config.host });
      await demo?.afterListen();
    }
    logger.info({ ms: Date.now() - started, url, metrics: metrics?.url, roles }, "confab is up");
    return {
      url,
      app,
      worker,
      metricsUrl: metrics?.url,
      database,
      demo: demo && demoData && { ...demo.mode, ...demoData },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

async function stop(
  logger: Logger,
  app: App | undefined,
  worker: Worker | undefined,
  database: Database,
  demo: Demo | undefined,
  metrics: MetricsServer | undefined,
) {
  // Order matters: no new requests, then no new jobs (nor calls to the demo's Zoom), then the
  // connections, then the server.
  await app?.close();
  await worker?.stop();
  await metrics?.close();
  await demo?.close();
  await database.close();
  logger.info("confab stopped");
}
