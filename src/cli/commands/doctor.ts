import type { CheckResult, CheckStatus } from "../../doctor/doctor-check.ts";
import { runDoctor } from "../../doctor/run-doctor.ts";
import type { Command } from "../command.ts";

const marks: Record<CheckStatus, string> = { pass: "✓", warn: "!", fail: "✗" };

export const doctorCommand: Command = {
  name: "doctor",
  summary: "check configuration, database, worker, Zoom and keys, and say what to fix",
  usage: "doctor [--json]",
  description: [
    "Checks, in order, with the environment this command runs in:",
    "  configuration    the variables load and validate (as every role reads them)",
    "  production       what is left to settle before production (https PUBLIC_URL, own",
    "                   database and key, Zoom apps, demo off)",
    "  database         reachable, PostgreSQL 14 or later",
    "  migrations       all applied (pending ones are named); nothing is migrated here",
    "  worker           a worker was seen in the last 30 s (worker_heartbeats)",
    "  zoom             the configured Zoom OAuth server and API answer, over https",
    "  webhook-secret   every configured Zoom app has its webhook Secret Token, and it looks whole",
    "  encryption-keys  every key the stored secrets are under is configured",
    "",
    "Prints one line per check (✓ passed, ! worth a look, ✗ failed) and, under each problem,",
    "what to do. Exits 0 when nothing failed (warnings do not count), 1 when something did.",
  ].join("\n"),
  options: { json: { type: "boolean" } },
  optionHelp: [["--json", 'print {"ok", "checks": [{check, status, summary, findings}]}']],
  async run(values, _positionals, context) {
    const report = await runDoctor(context.env, context.cwd);
    if (values.json) context.print(JSON.stringify(report));
    else for (const line of report.checks.flatMap(describe)) context.print(line);
    return report.ok ? 0 : 1;
  },
};

function describe(result: CheckResult): string[] {
  const lines = [`${marks[result.status]} ${result.check}: ${result.summary}`];
  for (const finding of result.findings) {
    // A check with one problem already said it on its own line: only the fix is new.
    if (finding.problem === result.summary) lines.push(`    → ${finding.fix}`);
    else lines.push(`    - ${finding.problem}`, `      → ${finding.fix}`);
  }
  return lines;
}
