import assert from "node:assert/strict";
import { test } from "node:test";
import { freePort, startTestApp } from "../support/test-app.ts";

const token = "scrape-token-0123456789abcdef";

test("with CONFAB_METRICS_TOKEN set, /metrics answers 401 without the bearer token and 200 with it", async () => {
  const confab = await startTestApp(
    { web: true, worker: false },
    { env: { CONFAB_METRICS_TOKEN: token } },
  );
  const without = await fetch(`${confab.url}/metrics`);
  assert.equal(without.status, 401);
  assert.match(without.headers.get("www-authenticate") ?? "", /^Bearer/);
  assert.doesNotMatch(await without.text(), /confab_/);
  const wrong = await fetch(`${confab.url}/metrics`, { headers: { authorization: "Bearer nope" } });
  assert.equal(wrong.status, 401);
  const right = await fetch(`${confab.url}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(right.status, 200);
  assert.match(await right.text(), /# TYPE confab_http_request_duration_seconds histogram/);
});

test("a worker-only process with CONFAB_METRICS_PORT serves its job metrics on that port", async () => {
  const port = await freePort();
  const worker = await startTestApp(
    { web: false, worker: true },
    { env: { CONFAB_METRICS_PORT: String(port), CONFAB_METRICS_TOKEN: token } },
  );
  assert.equal(worker.metricsUrl, `http://127.0.0.1:${port}/metrics`);
  const refused = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(refused.status, 401);
  const reply = await fetch(`http://127.0.0.1:${port}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(reply.status, 200);
  const text = await reply.text();
  assert.match(text, /# TYPE confab_jobs_total counter/);
  assert.match(text, /confab_workers_alive [1-9]/);
  assert.equal((await fetch(`http://127.0.0.1:${port}/elsewhere`)).status, 404);
});

test("with a metrics port of its own, the web port does not serve /metrics", async () => {
  const confab = await startTestApp(
    { web: true, worker: false },
    { env: { CONFAB_METRICS_PORT: String(await freePort()) } },
  );
  assert.equal((await fetch(`${confab.url}/metrics`)).status, 404);
  assert.ok(confab.metricsUrl);
  assert.equal((await fetch(confab.metricsUrl)).status, 200);
});
