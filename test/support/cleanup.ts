import { after } from "node:test";

const stack: (() => unknown)[] = [];

// Registered when this module loads, at the top level of the test file, so the hook belongs to
// the whole file: registered from inside a test, it would run after that test alone.
after(async () => {
  while (stack.length > 0) await stack.pop()?.();
});

/**
 * Registers work to undo when the file's tests are done, run in reverse order of registration:
 * what was made last (a worker) stops before what it stands on (its database).
 */
export function cleanup(undo: () => unknown): void {
  stack.push(undo);
}
