/**
 * The test runner behind `npm test` (which type-checks and lints first) and `npm run test:only`.
 * It starts one PostgreSQL for the whole run (the embedded one, or the server in DATABASE_URL),
 * migrates a template database once, then runs every test file in parallel; each file clones
 * the template into a database of its own.
 *   npm run test:only                            every test
 *   npm run test:only -- test/vault/*.test.ts    just these files
 */
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { createLogger } from "../src/logging/create-logger.ts";
import { ensureChromium } from "./ensure-chromium.ts";
import { startTemplateDatabase } from "./support/template-database.ts";

const root = path.resolve(import.meta.dirname, "..");
const files = process.argv.slice(2);
const logger = createLogger((process.env.TEST_LOG_LEVEL as "info" | undefined) ?? "warn");

ensureChromium();
const server = await startTemplateDatabase(root, logger);
const concurrency = Number(
  process.env.TEST_CONCURRENCY ?? Math.max(4, os.availableParallelism() * 2),
);
const child = spawn(
  process.execPath,
  [
    "--test",
    `--test-concurrency=${concurrency}`,
    // A test that hangs fails on its own instead of holding up the whole run.
    "--test-timeout=180000",
    ...(files.length ? files : ["test/**/*.test.ts", "sandbox/**/*.test.ts"]),
  ],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      CONFAB_TEST_ADMIN_URL: server.adminUrl,
      CONFAB_TEST_TEMPLATE: server.template,
      CONFAB_TEST_PREFIX: server.prefix,
    },
  },
);
// Past this, something hangs outside any one test (a hook, a handle left open): stop and say so.
const watchdogMinutes = Number(process.env.TEST_WATCHDOG_MINUTES ?? 30);
const watchdog = setTimeout(() => {
  process.stderr.write(`test run still going after ${watchdogMinutes} minutes: stopping it\n`);
  child.kill("SIGKILL");
}, watchdogMinutes * 60_000);
const code = await new Promise<number>((resolve) =>
  child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))),
);
clearTimeout(watchdog);
await server.stop();
process.exit(code);
