import type { FastifyRequest } from "fastify";

/**
 * Query strings as Cronofy's SDKs write them, read the way Cronofy's servers read them. Booleans
 * come as `true`/`false` (Node, Ruby), `True`/`False` (pycronofy, from Python's `str(True)`) or
 * `1`/`0`; arrays as `calendar_ids[]=a&calendar_ids[]=b` (Node's qs, Ruby) or repeated
 * `calendar_ids=a&calendar_ids=b` (pycronofy through requests). Anything else is left for the
 * schema to refuse with a message.
 */
export function cronofyQuery(shape: { booleans: string[]; arrays: string[] }) {
  return async (request: FastifyRequest) => {
    const query = { ...(request.query as Record<string, unknown>) };
    for (const name of shape.arrays) {
      const bracketed = query[`${name}[]`];
      delete query[`${name}[]`];
      const values = [bracketed, query[name]]
        .flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
        .filter((v) => v !== "");
      if (values.length > 0) query[name] = values;
      else delete query[name];
    }
    for (const name of shape.booleans) {
      const value = query[name];
      const last = Array.isArray(value) ? value.at(-1) : value;
      if (typeof last !== "string") continue;
      const word = last.toLowerCase();
      if (word === "true" || word === "1") query[name] = true;
      else if (word === "false" || word === "0" || word === "") query[name] = false;
    }
    request.query = query;
  };
}
