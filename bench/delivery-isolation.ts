/**
 * One tenant's push notifications must not slow another tenant's meetings. With confab's web and
 * worker roles in processes of their own and the sandbox answering Zoom calls after 100 ms:
 *   - quiet: another organization's provisioning delay, one event at a time, nothing else going on
 *     (after a round of the same, not counted, that warms the processes up);
 *   - loaded: the same while a noisy application's 1,000 subscriptions are being delivered to ten
 *     endpoints that each take 9 s to answer (every delivery slot busy, a long queue behind).
 * Both are measured in this run, side by side; the figure is the ratio of their medians.
 */
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { sql } from "kysely";
import {
  benchCalendar,
  provisioningDelay,
  registerBenchApplication,
  upsertBenchEvent,
} from "./bench-calendar.ts";
import { randomPort, startConfabRole } from "./confab-processes.ts";
import { percentile, tenths } from "./load.ts";
import { startSandboxedConfab } from "./sandboxed-confab.ts";

const zoomLatencyMs = 100;
const measured = Number(process.env.BENCH_ISOLATION_EVENTS ?? 30);
const noisyEvents = 100;
const subscriptionsPerEvent = 10;
const endpoints = 10;
const slowMs = 9000;
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

progress("starting PostgreSQL, the Zoom sandbox, a web and a worker process");
const world = await startSandboxedConfab();
const servers: http.Server[] = [];
const stopAll = async () => {
  for (const server of servers) server.closeAllConnections();
  await world.stop();
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(130)));
}
const { db } = world;
// The slow endpoints listen on loopback, which only the operator's allow list opens.
const env = { ...world.env, CONFAB_CALLBACK_ALLOW: "127.0.0.1", CONFAB_CALLBACK_HTTP: "on" };
const web = await startConfabRole("web", env, randomPort());
const worker = await startConfabRole("worker", env);
const base = web.url as string;
await world.world.control("POST", "/faults", {
  match: { path: "/v2/*" },
  delay_ms: zoomLatencyMs,
  times: 1_000_000,
});

const slowUrls: string[] = [];
for (let i = 0; i < endpoints; i++) {
  const server = http.createServer((request, response) => {
    request.resume();
    setTimeout(() => response.end(), slowMs).unref();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  slowUrls.push(`http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`);
}

const quietApp = await registerBenchApplication(world, "quiet");
const quiet = await benchCalendar(world, base, quietApp, "quiet");
const measure = async (label: string) => {
  const delays: number[] = [];
  for (let n = 0; n < measured; n++) {
    delays.push(await provisioningDelay(db, base, quiet, `${label}-${n}`, n, zoomLatencyMs));
  }
  return delays;
};

// A first round warms every process up, so that the quiet figure is not a cold one.
progress(`warm-up: ${measured} events of the quiet organization, not counted`);
await measure("warm-up");
progress(`quiet: ${measured} events of the quiet organization, one at a time`);
const quietDelays = await measure("quiet");

progress(`loading: ${noisyEvents} events × ${subscriptionsPerEvent} slow subscriptions`);
const noisyApp = await registerBenchApplication(world, "noisy");
const noisyCalendars = [
  await benchCalendar(world, base, noisyApp, "noisy-1", "noisy-1@bench.example"),
  await benchCalendar(world, base, noisyApp, "noisy-2", "noisy-2@bench.example"),
];
const subscriptions = Array.from({ length: subscriptionsPerEvent }, (_, i) => ({
  type: "webhook",
  uri: `${slowUrls[i % endpoints]}?n=${i}`,
  interactions: [{ type: "conferencing_assigned" }],
}));
for (let n = 0; n < noisyEvents; n++) {
  const calendar = noisyCalendars[n % 2] as (typeof noisyCalendars)[number];
  // A client that keeps to the API's limits: a 429 is waited out (Retry-After is a second).
  for (;;) {
    const status = await upsertBenchEvent(base, calendar, `noisy-${n}`, n, { subscriptions });
    if (status === 202) break;
    if (status !== 429) throw new Error(`noisy upsert answered ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
const notificationCount = async () =>
  Number(
    (await sql<{ n: number }>`select count(*)::int as n from notifications`.execute(db)).rows[0]?.n,
  );
while ((await notificationCount()) < noisyEvents * subscriptionsPerEvent) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}

progress(`loaded: ${measured} events of the quiet organization while those deliveries run`);
const loadedDelays = await measure("loaded");
const undelivered = Number(
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from notifications where delivered_at is null`.execute(db)
  ).rows[0]?.n,
);

const quietP50 = percentile(quietDelays, 50);
const loadedP50 = percentile(loadedDelays, 50);
const figures = {
  machine: { node: process.version },
  quiet: {
    p50_ms_over_zoom: tenths(quietP50),
    p90_ms_over_zoom: tenths(percentile(quietDelays, 90)),
  },
  loaded: {
    slow_subscriptions: noisyEvents * subscriptionsPerEvent,
    endpoints,
    endpoint_answers_after_ms: slowMs,
    p50_ms_over_zoom: tenths(loadedP50),
    p90_ms_over_zoom: tenths(percentile(loadedDelays, 90)),
    notifications_still_undelivered_at_the_end: undelivered,
  },
  ratio_loaded_to_quiet_p50: Math.round((loadedP50 / quietP50) * 100) / 100,
};
console.log(JSON.stringify(figures, null, 2));
await fs.mkdir(path.join(import.meta.dirname, "output"), { recursive: true });
await fs.writeFile(
  path.join(import.meta.dirname, "output", "delivery-isolation.json"),
  `${JSON.stringify(figures, null, 2)}\n`,
);
await web.stop();
await worker.stop();
await stopAll();
