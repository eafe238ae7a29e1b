import { type Config, ConfigError, type Environment, loadConfig } from "../config.ts";
import { type CheckResult, passed } from "./doctor-check.ts";

/** Loads the configuration as every role does; a bad one is reported, not thrown. */
export function checkConfiguration(
  env: Environment,
  cwd: string,
): { config: Config | undefined; result: CheckResult } {
  try {
    const config = loadConfig(env, cwd);
    const database = config.databaseUrl === undefined ? "embedded PostgreSQL" : "DATABASE_URL";
    const mode = config.production ? "production" : "development";
    return {
      config,
      result: passed(
        "configuration",
        `valid (${mode}, ${database}, PUBLIC_URL ${config.publicUrl})`,
      ),
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      config: undefined,
      result: {
        check: "configuration",
        status: "fail",
        summary: `${error.problems.length} variable(s) stop confab from starting`,
        findings: error.problems.map((message) => ({
          problem: message,
          fix: "correct it in the environment (see `confab --help` or docs/production.md)",
        })),
      },
    };
  }
}
