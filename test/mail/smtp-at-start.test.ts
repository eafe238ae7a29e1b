import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { createLogger } from "../../src/logging/create-logger.ts";
import { freePort, startTestApp } from "../support/test-app.ts";

/** A logger whose lines a test can wait for, without sleeping on a guess. */
function watchedLogger() {
  const lines: string[] = [];
  const waiters: { match: RegExp; resolve: (line: string) => void }[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) {
        lines.push(line);
        for (const waiter of waiters.filter((w) => w.match.test(line))) waiter.resolve(line);
      }
      done();
    },
  });
  const lineMatching = (match: RegExp) =>
    new Promise<string>((resolve) => {
      const seen = lines.find((line) => match.test(line));
      if (seen) resolve(seen);
      else waiters.push({ match, resolve });
    });
  return { logger: createLogger("info", destination), lineMatching };
}

test("a worker started with an SMTP_URL nobody answers at says so in its log at once, naming SMTP_URL, and still starts", async () => {
  const closed = await freePort();
  const { logger, lineMatching } = watchedLogger();
  const confab = await startTestApp(
    { web: false, worker: true },
    { env: { SMTP_URL: `smtp://mailer:hunter2hunter2@127.0.0.1:${closed}` }, logger },
  );
  assert.ok(confab.worker, "the worker runs");
  const line = JSON.parse(await lineMatching(/SMTP_URL did not accept a session/));
  assert.equal(line.level, 50);
  assert.match(line.reason, /ECONNREFUSED|ESOCKET|ECONNECTION/);
  assert.doesNotMatch(JSON.stringify(line), /hunter2/, "the password is not logged");
});
