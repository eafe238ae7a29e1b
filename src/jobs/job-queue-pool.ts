import pg from "pg";
import { isDatabaseUnavailable } from "../db/database-unavailable.ts";

/**
 * graphile-worker retries its own bookkeeping (marking a job done or failed) only for a few
 * error codes, none of which a PostgreSQL restart produces: "Connection terminated", 57P01 and
 * ECONNREFUSED make it give up, and the promise it leaves unhandled ends the process with the
 * job still locked. Its connections therefore come from a pool of their own whose "server went
 * away" errors carry the code it does retry (ETIMEDOUT, as from a server that did not answer),
 * so the bookkeeping waits for the database to be back instead.
 */
export function createJobQueuePool(pool: pg.Pool): pg.Pool {
  const own = new pg.Pool({ ...pool.options, max: pool.options.max });
  own.on("error", () => undefined);
  own.on("connect", (client) => {
    client.on("error", () => undefined);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const result = query(...args);
      if (!(result instanceof Promise)) return result;
      return result.catch((error: unknown) => {
        throw retryable(error);
      });
    };
  });
  const connect = own.connect.bind(own);
  (own as { connect: unknown }).connect = (...args: unknown[]) => {
    if (args.length > 0) return (connect as (...a: unknown[]) => unknown)(...args);
    return connect().catch((error: unknown) => {
      throw retryable(error);
    });
  };
  return own;
}

function retryable(error: unknown): unknown {
  if (isDatabaseUnavailable(error) && error instanceof Error) {
    const coded = error as Error & { code?: string; originalCode?: string };
    if (coded.code !== "57P03") {
      coded.originalCode = coded.code;
      coded.code = "ETIMEDOUT";
    }
  }
  return error;
}
