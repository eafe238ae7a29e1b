import { cleanup } from "./cleanup.ts";
import { cleanEnv, spawnConfab } from "./run-confab.ts";

export interface WorkerProcess {
  pid: number;
  /** Ends the process at once, as a crash or an OOM killer would: nothing is finished or released. */
  kill9(): Promise<void>;
  output(): string;
}

/**
 * Real `confab worker` processes on the given environment, started as an operator starts them.
 * Whatever is still running when the file's tests are done is stopped (SIGTERM, then SIGKILL).
 */
export function workerProcesses(env: Record<string, string>) {
  const running = new Set<ReturnType<typeof spawnConfab>>();
  const started: ReturnType<typeof spawnConfab>[] = [];
  cleanup(async () => {
    await Promise.all(
      [...running].map(async (worker) => {
        worker.child.kill("SIGTERM");
        const force = setTimeout(() => worker.child.kill("SIGKILL"), 15_000);
        await worker.exited;
        clearTimeout(force);
      }),
    );
  });

  async function start(): Promise<WorkerProcess> {
    const worker = spawnConfab(
      ["worker"],
      // At the level production runs at, so what they log can be searched for secrets.
      cleanEnv({ LOG_LEVEL: "info", CONFAB_DEMO: "0", ...env }),
    );
    running.add(worker);
    started.push(worker);
    void worker.exited.then(() => running.delete(worker));
    // However long a loaded machine takes; a worker that dies first fails at once.
    await worker.waitFor(/confab worker is running/).catch((error: Error) => {
      throw new Error(`confab worker did not start: ${error.message.slice(-2000)}`);
    });
    return {
      pid: worker.child.pid as number,
      kill9: async () => {
        worker.child.kill("SIGKILL");
        await worker.exited;
      },
      output: worker.output,
    };
  }
  /** Everything every worker started here wrote, killed ones included. */
  const outputs = () => started.map((worker) => worker.output()).join("\n");
  return { start, outputs };
}
