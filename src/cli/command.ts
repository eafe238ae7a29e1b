import type { ParseArgsOptionsConfig } from "node:util";

export interface CommandContext {
  /** Where results go (stdout); logs go to the logger. */
  print(line: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface Command {
  name: string;
  summary: string;
  /** The line after `confab`, e.g. "keys rotate [--new-key] [--json]". */
  usage: string;
  /** Longer help: what it does and when to use it. */
  description: string;
  options: ParseArgsOptionsConfig;
  /** Help lines for the options, in order. */
  optionHelp: [flag: string, meaning: string][];
  allowPositionals?: boolean;
  run(
    values: Record<string, string | boolean | undefined>,
    positionals: string[],
    context: CommandContext,
  ): Promise<number>;
}

/** A user mistake on the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
