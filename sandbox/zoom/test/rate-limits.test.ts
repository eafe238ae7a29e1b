import assert from "node:assert/strict";
import { test } from "node:test";
import { call, connect, startTestSandbox } from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
await sandbox.app({ client_id: "personal" });

const DAILY_MESSAGE =
  "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.";

/** Moves the sandbox clock to a minute past the next 00:00 UTC, so no test straddles midnight. */
async function startOfNextDay(): Promise<void> {
  const current = Date.parse((await sandbox.control("/_sandbox/clock")).now);
  const day = new Date(current);
  const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
  await sandbox.control("/_sandbox/clock", {
    advance_seconds: Math.ceil((midnight - current) / 1000) + 60,
  });
}

/** Moves on one second, so bursts do not trip the per-second limits. */
const nextSecond = () => sandbox.control("/_sandbox/clock", { advance_seconds: 1 });

async function hostOn(plan: "free" | "pro" | "business", email: string): Promise<string> {
  const account = await sandbox.account(plan);
  await sandbox.user({ email, account_id: account, type: plan === "free" ? 1 : 2 });
  return (await connect(sandbox.url, "personal", email)).access_token;
}

const create = (token: string) =>
  call(`${sandbox.url}/v2/users/me/meetings`, { token, body: { topic: "Standup", type: 2 } });

/**
 * Freezes the sandbox clock for the rest of the test, so a burst lands in one per-second window
 * however slowly a busy machine sends it.
 */
async function inOneSecond(t: { after(fn: () => Promise<void>): void }): Promise<void> {
  await sandbox.control("/_sandbox/clock", { frozen: true });
  t.after(async () => {
    await sandbox.control("/_sandbox/clock", { frozen: false });
  });
}

test("a host gets 100 meeting creates and updates a day, then the observed 429", async () => {
  await startOfNextDay();
  const token = await hostOn("business", "busy@acme.test");
  const first = await create(token);
  let used = 1;
  for (; used < 50; used++) assert.equal((await create(token)).status, 201);
  await nextSecond();
  for (; used < 100; used++) {
    const update = await call(`${sandbox.url}/v2/meetings/${first.body.id}`, {
      token,
      method: "PATCH",
      body: { topic: `Standup ${used}` },
    });
    assert.equal(update.status, 204);
  }
  const refused = await create(token);
  assert.equal(refused.status, 429);
  assert.deepEqual(refused.body, { code: 429, message: DAILY_MESSAGE });
  // As observed: no Retry-After and no X-RateLimit-Type on this one.
  assert.equal(refused.headers.get("retry-after"), null);
  assert.equal(refused.headers.get("x-ratelimit-type"), null);
  const update = await call(`${sandbox.url}/v2/meetings/${first.body.id}`, {
    token,
    method: "PATCH",
    body: { topic: "One more" },
  });
  assert.equal(update.status, 429);
});

test("deletes do not count toward the daily 100, and reads still work after it", async () => {
  await startOfNextDay();
  const token = await hostOn("business", "deleter@acme.test");
  const ids: number[] = [];
  for (let i = 0; i < 100; i++) {
    if (i % 50 === 0) await nextSecond();
    ids.push((await create(token)).body.id);
  }
  await nextSecond();
  for (const id of ids.slice(0, 20)) {
    const reply = await call(`${sandbox.url}/v2/meetings/${id}`, { token, method: "DELETE" });
    assert.equal(reply.status, 204);
  }
  assert.equal((await call(`${sandbox.url}/v2/meetings/${ids[50]}`, { token })).status, 200);
  assert.equal((await create(token)).status, 429);
});

test("the daily count resets at 00:00 UTC", async () => {
  await startOfNextDay();
  const token = await hostOn("business", "tomorrow@acme.test");
  for (let i = 0; i < 100; i++) {
    if (i % 50 === 0) await nextSecond();
    await create(token);
  }
  assert.equal((await create(token)).status, 429);
  await startOfNextDay();
  // A day later the access token has long expired: connect again.
  const fresh = (await connect(sandbox.url, "personal", "tomorrow@acme.test")).access_token;
  assert.equal((await create(fresh)).status, 201);
});

test("one host's limit does not touch another host of the same account", async () => {
  await startOfNextDay();
  const account = await sandbox.account("business");
  await sandbox.user({ email: "a@shared.test", account_id: account });
  await sandbox.user({ email: "b@shared.test", account_id: account });
  const a = (await connect(sandbox.url, "personal", "a@shared.test")).access_token;
  const b = (await connect(sandbox.url, "personal", "b@shared.test")).access_token;
  for (let i = 0; i < 100; i++) {
    if (i % 50 === 0) await nextSecond();
    await create(a);
  }
  assert.equal((await create(a)).status, 429);
  assert.equal((await create(b)).status, 201);
});

test("a free account gets 2 meeting creates per second (Medium), then 429 with QPS headers", async (t) => {
  const token = await hostOn("free", "free@solo.test");
  await inOneSecond(t);
  const replies = await Promise.all([create(token), create(token), create(token)]);
  const statuses = replies.map((reply) => reply.status).sort();
  assert.deepEqual(statuses, [201, 201, 429]);
  const refused = replies.find((reply) => reply.status === 429);
  assert.equal(refused?.body.code, 429);
  assert.equal(refused?.headers.get("x-ratelimit-category"), "Medium");
  assert.equal(refused?.headers.get("x-ratelimit-type"), "QPS");
  assert.equal(refused?.headers.get("x-ratelimit-limit"), "2");
  assert.equal(refused?.headers.get("x-ratelimit-remaining"), "0");
  assert.ok(!Number.isNaN(Date.parse(refused?.headers.get("retry-after") ?? "")));
  // Stepped one second on, the account has a fresh allowance.
  await nextSecond();
  assert.equal((await create(token)).status, 201);
});

test("a free account gets 4 light requests per second, a pro account more", async (t) => {
  const freeToken = await hostOn("free", "reader@solo.test");
  const proToken = await hostOn("pro", "reader@pro.test");
  const me = (token: string) => call(`${sandbox.url}/v2/users/me`, { token });
  await inOneSecond(t);
  const free = await Promise.all(Array.from({ length: 5 }, () => me(freeToken)));
  const pro = await Promise.all(Array.from({ length: 5 }, () => me(proToken)));
  assert.equal(free.filter((reply) => reply.status === 429).length, 1);
  assert.equal(
    free.find((reply) => reply.status === 429)?.headers.get("x-ratelimit-category"),
    "Light",
  );
  assert.equal(pro.filter((reply) => reply.status === 429).length, 0);
  await nextSecond();
  assert.equal((await me(freeToken)).status, 200);
});

test("edits made in Zoom's own interface do not count toward the daily 100", async () => {
  await startOfNextDay();
  const token = await hostOn("business", "ui-editor@acme.test");
  const { id } = (await create(token)).body;
  for (let i = 0; i < 120; i++) {
    await sandbox.control(`/_sandbox/meetings/${id}`, { topic: `Edit ${i}` }, "PATCH");
  }
  assert.equal((await create(token)).status, 201);
});
