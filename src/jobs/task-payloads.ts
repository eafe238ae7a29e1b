/**
 * Every task confab runs, with the payload it takes. A feature that adds a task adds its line
 * here and its handler to the task list, so enqueueing an unknown task is a type error.
 */
export type TaskPayloads = {
  /** A provider told confab that a meeting changed or was deleted on its side. */
  "conferencing.meeting_changed_at_provider": {
    provider: string;
    meetingId: string;
    change: "deleted" | "updated";
    changed: Record<string, unknown>;
  };
};
