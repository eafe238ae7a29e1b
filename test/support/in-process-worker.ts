import type { Config } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { startWorkerRole } from "../../src/jobs/start-worker-role.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { cleanup } from "./cleanup.ts";

/**
 * The worker role (both lanes) with confab's own task list, in this test process, on the test app's database
 * (and no recurring jobs, not at issue in tests). Stopped when the file's tests are done.
 */
export async function startInProcessWorker(
  confab: { database: Database; config: Config },
  concurrency = 5,
) {
  const worker = await startWorkerRole({
    database: confab.database,
    config: { ...confab.config, workerConcurrency: concurrency },
    logger: createLogger("silent"),
  });
  cleanup(() => worker.stop());
  return worker;
}
