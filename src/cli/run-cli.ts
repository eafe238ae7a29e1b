import { parseArgs } from "node:util";
import { ConfigError, configVariables } from "../config.ts";
import { DomainError } from "../domain-error.ts";
import { type Command, type CommandContext, UsageError } from "./command.ts";
import { appCommand } from "./commands/app.ts";
import { doctorCommand } from "./commands/doctor.ts";
import { keysCommand } from "./commands/keys.ts";
import { memberCommand } from "./commands/member.ts";
import { microsoftSandboxCommand } from "./commands/microsoft-sandbox.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { operatorCommand } from "./commands/operator.ts";
import { orgCommand } from "./commands/org.ts";
import { programCommand } from "./commands/program.ts";
import { startCommand, webCommand, workerCommand } from "./commands/serve.ts";
import { userCommand } from "./commands/user.ts";
import { zoomSandboxCommand } from "./commands/zoom-sandbox.ts";

export const commands: Command[] = [
  startCommand,
  webCommand,
  workerCommand,
  migrateCommand,
  doctorCommand,
  keysCommand,
  zoomSandboxCommand,
  microsoftSandboxCommand,
  operatorCommand,
  userCommand,
  orgCommand,
  programCommand,
  memberCommand,
  appCommand,
];

export function generalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "confab: conferencing services for scheduling platforms",
    "",
    "Usage: confab <command> [options]     (from a checkout: npm run confab -- <command>)",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `confab <command> --help` for a command's options.",
    "",
    "Environment:",
    ...configVariables.map(
      ([name, fallback, meaning]) => `  ${name} (default ${fallback}): ${meaning}`,
    ),
  ].join("\n");
}

export function commandHelp(command: Command): string {
  const width = Math.max(6, ...command.optionHelp.map(([flag]) => flag.length));
  return [
    `Usage: confab ${command.usage}`,
    "",
    `${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.`,
    "",
    command.description,
    "",
    "Options:",
    ...command.optionHelp.map(([flag, meaning]) => `  ${flag.padEnd(width)}  ${meaning}`),
    `  ${"--help".padEnd(width)}  show this help`,
  ].join("\n");
}

/** Runs one command line; returns the exit code. Never throws for a user's mistake. */
export async function runCli(argv: string[], context: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    context.print(generalHelp());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`confab: unknown command "${name}"\n\n${generalHelp()}\n`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    if (values.help) {
      context.print(commandHelp(command));
      return 0;
    }
    return await command.run(values, positionals, context);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      process.stderr.write(
        `confab ${name}: ${(error as Error).message}\n\nUsage: confab ${command.usage}\n(see confab ${name} --help)\n`,
      );
      return 2;
    }
    // What the domain refused (a taken slug, an unknown account): said plainly, exit code 1.
    if (error instanceof DomainError) {
      const fields = Object.values(error.fields ?? {}).map((m) => `\n  - ${m}`);
      process.stderr.write(`confab ${name}: ${error.message}${fields.join("")}\n`);
      return 1;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}
