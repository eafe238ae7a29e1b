import type { TaskList } from "graphile-worker";
import type { Logger } from "pino";
import type { Database } from "../db/database.ts";

export interface TaskDependencies {
  database: Database;
  logger: Logger;
}

/** confab's tasks, by name. Each feature contributes its own; none belong to the foundation. */
export function buildTaskList(_dependencies: TaskDependencies): TaskList {
  return {};
}
