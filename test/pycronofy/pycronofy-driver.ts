import { execFile, spawnSync } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

// pycronofy cannot be installed here, so driver.py beside this file sends what pycronofy 2.0.7
// sends, from the standard library. It runs on `python3` as PATH finds it, or on the interpreter
// CONFAB_PYTHON names, resolved once to the binary itself (sys.executable) so that a version
// manager's shim is not started again for every call. `-I -S` keeps out site packages and PYTHON*
// variables: the driver cannot lean on anything but the standard library.
const pythonFlags = ["-I", "-S"];
const driver = path.resolve(import.meta.dirname, "driver.py");
const runFile = promisify(execFile);

/** The Python 3.7+ (pycronofy's floor) the driver runs on; throws a message saying how to get one. */
export function findPython(): string {
  const asked = process.env.CONFAB_PYTHON ?? "python3";
  const probe = spawnSync(
    asked,
    [
      ...pythonFlags,
      "-c",
      "import sys; print(sys.executable); sys.exit(0 if sys.version_info >= (3, 7) else 1)",
    ],
    { encoding: "utf8" },
  );
  const python = probe.stdout?.trim();
  if (probe.error || probe.status !== 0 || !python) {
    throw new Error(
      `the pycronofy tests need Python 3.7 or later as \`${asked}\` (found on PATH, or named by CONFAB_PYTHON): ${
        probe.error?.message ?? `it exited with ${probe.status}`
      }. Debian's package is python3.`,
    );
  }
  return python;
}

export interface Tokens {
  access_token?: string;
  refresh_token?: string;
}

/** The driver's answer: the reply pycronofy got, and what pycronofy would raise on it. */
export interface DriverReply {
  status: number;
  body: Record<string, unknown>;
  sent: string[];
  raises?: string;
  result?: boolean;
}

/**
 * A pycronofy client of one application at `apiBaseUrl`. Each call runs one method on the tokens
 * given; a client holding none sends `Bearer None`, as pycronofy does.
 */
export function pycronofyClient(
  python: string,
  settings: { apiBaseUrl: string; clientId: string; clientSecret: string },
) {
  return async (
    method: string,
    args: Record<string, unknown>,
    tokens: Tokens,
  ): Promise<DriverReply> => {
    const { stdout } = await runFile(
      python,
      [...pythonFlags, driver, method, JSON.stringify(args)],
      {
        env: {
          PATH: process.env.PATH ?? "",
          PYCRONOFY_API_BASE_URL: settings.apiBaseUrl,
          PYCRONOFY_CLIENT_ID: settings.clientId,
          PYCRONOFY_CLIENT_SECRET: settings.clientSecret,
          ...(tokens.access_token ? { PYCRONOFY_ACCESS_TOKEN: tokens.access_token } : {}),
          ...(tokens.refresh_token ? { PYCRONOFY_REFRESH_TOKEN: tokens.refresh_token } : {}),
        },
      },
    );
    const reply = JSON.parse(stdout) as DriverReply & { error?: string };
    if (reply.error) throw new Error(`pycronofy ${method} failed before a reply: ${reply.error}`);
    return reply;
  };
}

const hour = 3600_000;

/** A zone-aware Python datetime two hours east of UTC, as an application builds one with pytz. */
export const awareDatetime = (ms: number) => ({
  $datetime: `${new Date(ms + 2 * hour).toISOString().slice(0, 19)}+02:00`,
});

/** What pycronofy makes of any aware datetime: UTC, whole seconds, a Z. */
export const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** A Python datetime.date. */
export const pyDate = (ms: number) => ({ $date: new Date(ms).toISOString().slice(0, 10) });
