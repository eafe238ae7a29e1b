/**
 * Every task confab runs, with the payload it takes. A feature that adds a task adds its line
 * here and its handler to the task list, so enqueueing an unknown task is a type error.
 */
// biome-ignore lint/complexity/noBannedTypes: the list starts empty and grows with features.
export type TaskPayloads = {};
