import type { Environment } from "../config.ts";
import { checkConfiguration } from "./check-configuration.ts";
import { checkDatabase } from "./check-database.ts";
import { checkEncryptionKeys } from "./check-encryption-keys.ts";
import { checkMail } from "./check-mail.ts";
import { checkMicrosoftReachability, microsoftConfigured } from "./check-microsoft-reachability.ts";
import { checkMigrations } from "./check-migrations.ts";
import { checkProductionReadiness } from "./check-production-readiness.ts";
import { checkWebhookSecret } from "./check-webhook-secret.ts";
import { checkWorker } from "./check-worker.ts";
import { checkZoomReachability } from "./check-zoom-reachability.ts";
import { type CheckResult, notChecked, problem } from "./doctor-check.ts";

export interface DoctorReport {
  /** False when any check failed; warnings leave it true. */
  ok: boolean;
  checks: CheckResult[];
}

/**
 * Everything an operator looks at first when confab misbehaves. A check that stands on another
 * (the worker's heartbeats need the database and its schema) says it was not checked rather than
 * failing a second time for one cause.
 */
export async function runDoctor(env: Environment, cwd: string): Promise<DoctorReport> {
  const configuration = checkConfiguration(env, cwd);
  const config = configuration.config;
  if (config === undefined) return report([configuration.result]);

  const checks = [configuration.result, checkProductionReadiness(config)];
  const { database, result } = await checkDatabase(config);
  checks.push(result);
  const unreachable = "the database is unreachable";
  try {
    const migrations = database
      ? await checkMigrations(database.db)
      : notChecked("migrations", unreachable);
    const schemaCurrent = migrations.status === "pass";
    checks.push(
      migrations,
      database
        ? await guarded("worker", schemaCurrent, () => checkWorker(database.db))
        : notChecked("worker", unreachable),
      await checkZoomReachability(config),
      ...(microsoftConfigured(config) ? [await checkMicrosoftReachability(config)] : []),
      checkWebhookSecret(config),
      await checkMail(config, database && schemaCurrent ? database.db : undefined),
      database
        ? await guarded("encryption-keys", schemaCurrent, () =>
            checkEncryptionKeys(config, database.db),
          )
        : notChecked("encryption-keys", unreachable),
    );
  } finally {
    await database?.close();
  }
  return report(checks);
}

/** A check that reads tables a pending migration may not have made yet. */
async function guarded(
  name: string,
  schemaCurrent: boolean,
  check: () => Promise<CheckResult>,
): Promise<CheckResult> {
  try {
    return await check();
  } catch (error) {
    if (!schemaCurrent) return notChecked(name, "the database schema is not current");
    return problem(
      name,
      "fail",
      `could not be checked: ${(error as Error).message}`,
      "check that the database user may read confab's tables",
    );
  }
}

function report(checks: CheckResult[]): DoctorReport {
  return { ok: checks.every((c) => c.status !== "fail"), checks };
}
