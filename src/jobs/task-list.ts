import type { TaskList } from "graphile-worker";
import type { Logger } from "pino";
import { meetingChangedAtProvider } from "../conferencing/meeting-changed-at-provider.ts";
import type { Database } from "../db/database.ts";
import type { TaskPayloads } from "./task-payloads.ts";

export interface TaskDependencies {
  database: Database;
  logger: Logger;
}

/** confab's tasks, by name: one handler for every entry of TaskPayloads. */
export function buildTaskList({ logger }: TaskDependencies): TaskList {
  const tasks: Record<keyof TaskPayloads, TaskList[string]> = {
    "conferencing.meeting_changed_at_provider": meetingChangedAtProvider(logger),
  };
  return tasks;
}
