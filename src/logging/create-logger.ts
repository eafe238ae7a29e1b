import pino, { type Logger } from "pino";
import type { LogLevel } from "../config.ts";

/**
 * Every field that can carry a secret, wherever it appears in a logged object. Tokens, client
 * secrets, passwords and session ids never reach a log line; a field added later that holds a
 * secret belongs in this list.
 */
export const redactedPaths = [
  "password",
  "*.password",
  "secret",
  "*.secret",
  "client_secret",
  "*.client_secret",
  "access_token",
  "*.access_token",
  "refresh_token",
  "*.refresh_token",
  "token",
  "*.token",
  "code_verifier",
  "*.code_verifier",
  "start_url",
  "*.start_url",
  "req.headers.authorization",
  "req.headers.cookie",
  "res.headers['set-cookie']",
  "headers.authorization",
  "headers.cookie",
];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: redactedPaths, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

const sensitiveQueryParameters = new Set([
  "code",
  "state",
  "token",
  "access_token",
  "refresh_token",
  "client_secret",
  "password",
]);

/**
 * Paths that are themselves a credential: a calendar feed's address is its secret, since a
 * calendar app fetching it has no other way to prove anything.
 */
const secretPaths = [/^(\/calendar\/feed\/)[^?#]*/];

/**
 * A URL as it may be logged: OAuth callbacks and hosted links carry codes and tokens in the
 * query string, so their values are blanked out, as are the secret parts of secret paths.
 */
export function redactUrl(url: string): string {
  let redacted = url;
  for (const path of secretPaths) redacted = redacted.replace(path, "$1[redacted]");
  const queryStart = redacted.indexOf("?");
  if (queryStart === -1) return redacted;
  const params = new URLSearchParams(redacted.slice(queryStart + 1));
  for (const key of [...params.keys()]) {
    if (sensitiveQueryParameters.has(key.toLowerCase())) params.set(key, "[redacted]");
  }
  return `${redacted.slice(0, queryStart)}?${params.toString()}`;
}
