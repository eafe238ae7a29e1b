import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { createLogger, redactUrl } from "../../src/logging/create-logger.ts";

function capture() {
  const lines: string[] = [];
  const logger = createLogger(
    "debug",
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { logger, lines };
}

test("tokens, client secrets and passwords never reach a log line, however deep", () => {
  const { logger, lines } = capture();
  logger.info(
    {
      access_token: "AT-1",
      connection: { refresh_token: "RT-1", access_token: "AT-2" },
      application: { client_secret: "CS-1" },
      password: "hunter2",
      req: { headers: { authorization: "Bearer AT-3", cookie: "session=S-1" } },
      zoom: { start_url: "https://zoom.us/s/1?zak=Z-1" },
    },
    "refreshed",
  );
  const line = lines.join("");
  for (const secret of ["AT-1", "RT-1", "AT-2", "CS-1", "hunter2", "AT-3", "S-1", "Z-1"]) {
    assert.ok(!line.includes(secret), `${secret} leaked: ${line}`);
  }
  assert.match(line, /\[redacted\]/);
});

test("codes and tokens in a logged URL's query are blanked, other parameters kept", () => {
  assert.equal(
    redactUrl("/oauth/zoom/callback?code=abc123&state=s1&lang=en"),
    "/oauth/zoom/callback?code=%5Bredacted%5D&state=%5Bredacted%5D&lang=en",
  );
  assert.equal(redactUrl("/healthz"), "/healthz");
});

test("a calendar feed's address is a secret, so its path is blanked in a logged URL", () => {
  assert.equal(redactUrl("/calendar/feed/s3cr3t-Token_x.ics"), "/calendar/feed/[redacted]");
  assert.equal(
    redactUrl("/calendar/feed/s3cr3t.ics?token=abc&x=1"),
    "/calendar/feed/[redacted]?token=%5Bredacted%5D&x=1",
  );
  assert.equal(redactUrl("/calendar/feeds"), "/calendar/feeds");
});
