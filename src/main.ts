#!/usr/bin/env node
import { runCli } from "./cli/run-cli.ts";
import { EmbeddedPostgresError } from "./db/embedded-postgres-error.ts";

try {
  const code = await runCli(process.argv.slice(2), {
    print: (line) => process.stdout.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
  });
  process.exitCode = code;
} catch (error) {
  // A start-up failure with a remedy is said in one line; anything else is a bug: its stack helps.
  const said =
    error instanceof EmbeddedPostgresError
      ? error.message
      : ((error as Error).stack ?? String(error));
  process.stderr.write(`confab: ${said}\n`);
  process.exitCode = 1;
}
