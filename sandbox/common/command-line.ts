/**
 * What every sandbox's `main.ts` reads from its command line: `--port`, `--host`, `--state-file`
 * and `--help`, plus the sandbox's own options. A mistake prints the sandbox's usage text on
 * stderr and exits 2; `--help` prints it on stdout and exits 0.
 */
import { type ParseArgsOptionsConfig, parseArgs } from "node:util";

const SANDBOX_OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  "state-file": { type: "string" },
  help: { type: "boolean" },
} as const;

export interface CommandLine {
  /** Prints the message and the usage text on stderr, and exits 2. */
  fail(message: string): never;
  /** A whole-number option's value (`wholeNumber("port")` reads `--port`), if it was given. */
  wholeNumber(option: string): number | undefined;
  /** `--port`, which is required: a whole number from 0 (a free one) to 65535. */
  port(): number;
  /** What every sandbox's start takes from the command line: the host and state file, if given. */
  listening: { host?: string; stateFile?: string };
}

export function readCommandLine<const Own extends ParseArgsOptionsConfig = Record<never, never>>(
  usage: string,
  own?: Own,
): CommandLine {
  function fail(message: string): never {
    console.error(`${message}\n\n${usage}`);
    process.exit(2);
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ options: { ...SANDBOX_OPTIONS, ...own }, strict: true }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) {
    console.log(usage);
    process.exit(0);
  }
  const text = (option: string) => {
    const value = values[option];
    return typeof value === "string" ? value : undefined;
  };
  const host = text("host");
  const stateFile = text("state-file");
  return {
    fail,
    wholeNumber(option) {
      const value = text(option);
      if (value === undefined) return undefined;
      if (!/^\d+$/.test(value)) fail(`--${option} must be a whole number, not "${value}"`);
      return Number(value);
    },
    port() {
      const portText = text("port");
      if (portText === undefined) fail("--port is required");
      if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
        fail(`--port must be a whole number from 0 to 65535, not "${portText}"`);
      }
      return Number(portText);
    },
    listening: {
      ...(host === undefined ? {} : { host }),
      ...(stateFile === undefined ? {} : { stateFile }),
    },
  };
}

/** Closes the sandbox on SIGINT or SIGTERM, then exits 0. */
export function closeOnSignals(sandbox: { close(): Promise<void> }): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void sandbox.close().then(() => process.exit(0));
    });
  }
}
