import assert from "node:assert/strict";
import { test } from "node:test";
import { GraphError } from "../graph/graph-error.ts";
import { createThrottle, OUTLOOK_LIMITS } from "../graph/throttling.ts";
import { startGraphFixture, USERS } from "./graph-fixture.ts";

const graph = await startGraphFixture();

test("Outlook's documented limits are the defaults: 10,000 requests per 10 minutes and 4 at once", async () => {
  assert.deepEqual(OUTLOOK_LIMITS, {
    requestsPerWindow: 10_000,
    windowSeconds: 600,
    concurrentRequests: 4,
  });
  assert.deepEqual(await graph.control("/_sandbox/graph/throttling"), OUTLOOK_LIMITS);
});

test("over the request limit an app gets 429 ApplicationThrottled with Retry-After, per mailbox, until the window passes", async () => {
  await graph.control("/_sandbox/graph/throttling", { requestsPerWindow: 3, windowSeconds: 60 });
  const list = (user: string) => graph.call(`/v1.0/users/${user}/events`, { token: "app" });
  for (let count = 0; count < 3; count += 1) assert.equal((await list(USERS.alice.id)).status, 200);
  graph.clock.advance(20);
  const throttled = await list(USERS.alice.id);
  assert.equal(throttled.status, 429);
  assert.equal(throttled.body.error.code, "ApplicationThrottled");
  assert.equal(throttled.headers.get("retry-after"), "40");
  assert.equal((await list(USERS.carol.id)).status, 200, "another mailbox has its own count");
  graph.clock.advance(40);
  assert.equal((await list(USERS.alice.id)).status, 200);
  await graph.control("/_sandbox/graph/throttling", undefined, "DELETE");
});

test("a fifth concurrent request to one mailbox is refused with MailboxConcurrency", () => {
  const throttle = createThrottle({ now: () => 0 });
  const running = [1, 2, 3, 4].map(() => throttle.begin("app", "mailbox"));
  assert.throws(
    () => throttle.begin("app", "mailbox"),
    (error: unknown) =>
      error instanceof GraphError &&
      error.status === 429 &&
      error.code === "ApplicationThrottled" &&
      error.message === "Application is over its MailboxConcurrency limit." &&
      error.headers["Retry-After"] === "1",
  );
  running[0]?.();
  assert.doesNotThrow(() => throttle.begin("app", "mailbox"));
  assert.doesNotThrow(() => throttle.begin("app", "other-mailbox"));
});
