import { after } from "node:test";

const stack: (() => unknown)[] = [];
let hooked = false;

/**
 * Registers work to undo when the file's tests are done, run in reverse order of registration:
 * what was made last (a worker) stops before what it stands on (its database).
 */
export function cleanup(undo: () => unknown): void {
  if (!hooked) {
    hooked = true;
    after(async () => {
      while (stack.length > 0) await stack.pop()?.();
    });
  }
  stack.push(undo);
}
