import type { TaskList } from "graphile-worker";
import { jobDuration, jobRuns } from "./confab-metrics.ts";

/**
 * The same tasks, each run counted and timed by task name and outcome. A failure is a job that
 * threw: graphile-worker retries it later. Work a task itself puts off (a deferral) is a success.
 */
export function measureTasks(taskList: TaskList): TaskList {
  const measured: TaskList = {};
  for (const [task, run] of Object.entries(taskList)) {
    if (run === undefined) continue;
    measured[task] = async (payload, helpers) => {
      const started = performance.now();
      let outcome = "failure";
      try {
        await run(payload, helpers);
        outcome = "success";
      } finally {
        const labels = { task, outcome };
        jobRuns.inc(labels);
        jobDuration.observe(labels, (performance.now() - started) / 1000);
      }
    };
  }
  return measured;
}
