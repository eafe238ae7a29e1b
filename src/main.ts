#!/usr/bin/env node
import { runCli } from "./cli/run-cli.ts";

try {
  const code = await runCli(process.argv.slice(2), {
    print: (line) => process.stdout.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
  });
  process.exitCode = code;
} catch (error) {
  process.stderr.write(`confab: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
