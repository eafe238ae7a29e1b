import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");
const main = path.join(repoRoot, "src/main.ts");

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a user's shell would give confab: none of the test run's database settings. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith("CONFAB_") || name === "DATABASE_URL" || name === "PORT") delete env[name];
  }
  return { ...env, ...extra };
}

/** Runs the CLI to completion, as a user at a terminal would. */
export function runConfab(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main, ...args], { cwd: repoRoot, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a long-running command; the caller stops it with a signal. */
export function spawnConfab(args: string[], env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(process.execPath, [main, ...args], { cwd: repoRoot, env });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  /**
   * Resolves once the output matches, however long the machine takes; rejects with the output
   * if the process ends first. The test runner's own timeout is the only deadline.
   */
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(output)) return false;
        child.stdout?.off("data", check);
        child.stderr?.off("data", check);
        resolve(output);
        return true;
      };
      if (check()) return;
      child.stdout?.on("data", check);
      child.stderr?.on("data", check);
      void exited.then((code) => {
        if (!check())
          reject(new Error(`confab exited (${code}) before printing ${pattern}:\n${output}`));
      });
    });
  return { child, exited, output: () => output, waitFor };
}
