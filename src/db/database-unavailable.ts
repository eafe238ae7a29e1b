/** SQLSTATE classes and codes that mean "the server is not there right now", not "bad query". */
const unavailableStates = /^(08|57P0[1-3]|53300)/;
const unreachable = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);
const lostConnection =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed/i;

/**
 * Whether an error (or one it wraps) means PostgreSQL could not be reached or went away: a
 * restart, a failover, a full connection table. Requests that meet one should hear "try again"
 * (503), not "something broke" (500); nothing was written, since nothing could be.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (unavailableStates.test(code) || unreachable.has(code))) {
      return true;
    }
    if (typeof message === "string" && lostConnection.test(message)) return true;
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable))
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
