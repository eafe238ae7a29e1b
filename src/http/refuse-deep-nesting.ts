import type { FastifyInstance } from "fastify";
import { DomainError } from "../domain-error.ts";

/** Deeper than any request confab takes: Cronofy's shapes nest four levels at most. */
export const deepestNesting = 32;

/** Whether `value` nests objects or arrays more than `limit` levels deep (walked without recursion). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== "object") continue;
    if (depth >= limit) return true;
    for (const inner of Object.values(current)) stack.push([inner, depth + 1]);
  }
  return false;
}

/**
 * A body nested thousands of levels deep parses, but anything that walks it recursively later
 * (storing it as JSON, for one) runs out of stack: a 500 far from its cause. Such a body is
 * refused here, before validation, for every route.
 */
export function refuseDeepNesting(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    if (nestsDeeperThan(request.body, deepestNesting)) {
      throw new DomainError(
        "invalid_input",
        `The request body nests objects or arrays more than ${deepestNesting} levels deep; no request confab takes does.`,
      );
    }
  });
}
