import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const mainScript = path.resolve(import.meta.dirname, "../src/main.ts");

export interface BenchProcess {
  child: ChildProcess;
  /** Where it listens, for a web role; undefined for a worker. */
  url: string | undefined;
  stop(): Promise<void>;
}

const started = new Set<BenchProcess>();
// Interrupted or failing, a benchmark still stops the processes it started.
process.once("exit", () => {
  for (const running of started) running.child.kill("SIGKILL");
});

/**
 * A process of its own (a confab role, or a baseline), resolved once it says it is up: a URL
 * printed by a web role, or the worker's "running" line.
 */
export function startProcess(args: string[], env: Record<string, string>): Promise<BenchProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const running: BenchProcess = {
    child,
    url: undefined,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(force);
      started.delete(running);
    },
  };
  started.add(running);
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (chunk) => {
      text += chunk;
      const url = /"url":"([^"]+)"/.exec(text)?.[1] ?? /running at (\S+)/.exec(text)?.[1];
      if (url) resolve({ ...running, url });
      else if (text.includes("worker is running")) resolve(running);
    });
    child.once("exit", (code) => {
      started.delete(running);
      reject(new Error(`${args.join(" ")} exited with ${code}: ${text.slice(-500)}`));
    });
  });
}

/** A confab role (`web`, `worker` or `start`) on the bench's database, web roles on `port`. */
/** API rates far above any benchmark's load: benchmarks measure the work, not the quotas. */
export const unmeteredApi = {
  CONFAB_API_RATE: "1000000/s,10000000/min",
  CONFAB_API_CALENDAR_RATE: "1000000/s,10000000/min",
};

export function startConfabRole(
  role: "web" | "worker" | "start",
  env: Record<string, string>,
  port?: number,
): Promise<BenchProcess> {
  return startProcess([mainScript, role], {
    ...env,
    CONFAB_DEMO: "0",
    ...unmeteredApi,
    ...(port === undefined ? {} : { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }),
  });
}

/** Peak and current resident memory of a live process, in MB, from the kernel's accounting. */
export function residentMemory(pid: number): { peak_mb: number; now_mb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1]);
  return { peak_mb: Math.round(kb("VmHWM") / 1024), now_mb: Math.round(kb("VmRSS") / 1024) };
}

export function randomPort(): number {
  return 20000 + Math.floor(Math.random() * 20000);
}
