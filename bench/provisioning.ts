/**
 * From an accepted event to its meeting, with confab's web and worker roles in processes of their
 * own on one PostgreSQL and the sandbox answering every Zoom (or, with BENCH_PROVIDER=ms_teams,
 * Microsoft Graph) call after 800 ms:
 *   - provisioning delay: time from the 202 to the join link being recorded, minus Zoom's latency;
 *   - call economy: N events with M real changes, no-op upserts and a delete each, Zoom calls per
 *     event by kind, from the sandbox's log;
 *   - memory: peak RSS of the web and worker processes over the run, then after 100k events.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import {
  benchCalendar,
  provisioningDelay,
  registerBenchApplication,
  upsertBenchEvent,
} from "./bench-calendar.ts";
import { randomPort, residentMemory, startConfabRole } from "./confab-processes.ts";
import { percentile, tenths } from "./load.ts";
import { benchProvider, outputName, startSandboxedConfab } from "./sandboxed-confab.ts";

const zoomLatencyMs = Number(process.env.BENCH_PROVISION_ZOOM_LATENCY_MS ?? 800);
const delayEvents = Number(process.env.BENCH_DELAY_EVENTS ?? 40);
const economyEvents = Number(process.env.BENCH_ECONOMY_EVENTS ?? 20);
const economyChanges = Number(process.env.BENCH_ECONOMY_CHANGES ?? 3);
const noOps = 2;
const seeded = Number(process.env.BENCH_SEEDED_EVENTS ?? 100_000);
const provider = benchProvider();
const progress = (line: string) => process.stderr.write(`bench (${provider}): ${line}\n`);

progress("starting PostgreSQL, the provider's sandbox, a web and a worker process");
const world = await startSandboxedConfab(provider);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void world.stop().finally(() => process.exit(130)));
}
const { db } = world;
const application = await registerBenchApplication(world);
const web = await startConfabRole("web", world.env, randomPort());
const worker = await startConfabRole("worker", world.env);
const base = web.url as string;
await world.world.control("POST", "/faults", {
  match: { path: world.world.apiPaths },
  delay_ms: zoomLatencyMs,
  times: 1_000_000,
});

const pendingJobs = async () =>
  Number(
    (
      await sql<{ count: number }>`
        select count(*)::int as count from graphile_worker.jobs
        where task_identifier = 'conferencing:provision_meeting'`.execute(db)
    ).rows[0]?.count,
  );
async function settle() {
  while ((await pendingJobs()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
}

// 1. Provisioning delay: one event at a time, so that the figure is confab's, not a queue's.
progress(`provisioning delay: ${delayEvents} events one at a time, Zoom at ${zoomLatencyMs} ms`);
const first = await benchCalendar(world, base, application, "delay");
const delays: number[] = [];
for (let n = 0; n < delayEvents; n++) {
  delays.push(await provisioningDelay(db, base, first, `delay-${n}`, n, zoomLatencyMs));
}

// 2. Call economy: every event made, changed M times, upserted unchanged, deleted; each step
// left to finish before the next, so that no change is collapsed into another.
progress(
  `call economy: ${economyEvents} events x (create, ${economyChanges} changes, ${noOps} no-op upserts, delete)`,
);
const second = await benchCalendar(world, base, application, "economy", "economy@bench.example");
await world.world.control("DELETE", "/calls");
const all = (step: (n: number) => Promise<unknown>) =>
  Promise.all(Array.from({ length: economyEvents }, (_, n) => step(n)));
await all((n) => upsertBenchEvent(base, second, `economy-${n}`, n));
await settle();
for (let change = 1; change <= economyChanges; change++) {
  await all((n) =>
    upsertBenchEvent(base, second, `economy-${n}`, n, {
      summary: `Bench ${n}, version ${change}`,
      shiftMinutes: change * 15,
    }),
  );
  await settle();
}
for (let repeat = 0; repeat < noOps; repeat++) {
  await all((n) =>
    upsertBenchEvent(base, second, `economy-${n}`, n, {
      summary: `Bench ${n}, version ${economyChanges}`,
      shiftMinutes: economyChanges * 15,
    }),
  );
  await settle();
}
await all(async (n) => {
  const reply = await fetch(`${base}/v1/calendars/${second.calendarId}/events`, {
    method: "DELETE",
    headers: { "content-type": "application/json", authorization: `Bearer ${second.token}` },
    body: JSON.stringify({ event_id: `economy-${n}` }),
  });
  await reply.arrayBuffer();
  if (reply.status !== 202) throw new Error(`delete answered ${reply.status}`);
});
await settle();
const calls = await world.world.calls();
const kind = world.world.kind;
const byKind: Record<string, number> = {
  create: 0,
  update: 0,
  delete: 0,
  read: 0,
  token_refresh: 0,
  subscription: 0,
};
for (const call of calls) byKind[kind(call)] = (byKind[kind(call)] ?? 0) + 1;
const perEvent = Object.fromEntries(
  Object.entries(byKind).map(([name, count]) => [name, tenths(count / economyEvents)]),
);
const duringRun = {
  web: residentMemory(web.child.pid as number),
  worker: residentMemory(worker.child.pid as number),
};

// 3. Memory with 100k events stored: written straight into the tables by SQL (one statement
// each for events and their meetings), then the API and worker used as before.
progress(`memory: seeding ${seeded} events with meetings by SQL, then using the API again`);
const calendarRow = await db
  .selectFrom("application_calendars")
  .select("id")
  .where("sub", "=", first.sub)
  .executeTakeFirstOrThrow();
await sql`
  insert into events (id, calendar_id, event_id, summary, start_at, end_at, time_zone,
                      conferencing_request, conferencing_state)
  select 'evt_seed' || g, ${calendarRow.id}, 'seed-' || g, 'Seeded ' || g,
         now() + interval '2 days' + g * interval '1 minute',
         now() + interval '2 days' + g * interval '1 minute' + interval '30 minutes',
         'Etc/UTC', '{"kind":"profile","profileId":"default"}', 'assigned'
  from generate_series(1, ${seeded}) as g`.execute(db);
await sql`
  insert into meetings (event_id, connection_id, provider, provider_meeting_id, join_url, sent)
  select 'evt_seed' || g, ${world.connectionId}, ${world.providerName}, (10000000000 + g)::text,
         'https://meetings.example/j/' || (10000000000 + g), '{}'::jsonb
  from generate_series(1, ${seeded}) as g`.execute(db);
await sql`analyze events`.execute(db);
await sql`analyze meetings`.execute(db);
for (let n = 0; n < 40; n++) await upsertBenchEvent(base, first, `after-${n}`, delayEvents + n);
await settle();
for (let page = 1; page <= 20; page++) {
  const reply = await fetch(`${base}/v1/events?include_managed=true&page=${page}`, {
    headers: { authorization: `Bearer ${first.token}` },
  });
  await reply.arrayBuffer();
}
const after = {
  web: residentMemory(web.child.pid as number),
  worker: residentMemory(worker.child.pid as number),
};

const figures = {
  machine: { cpus: os.availableParallelism(), node: process.version },
  provider,
  zoom_latency_ms: zoomLatencyMs,
  provisioning_delay: {
    events: delayEvents,
    p50_ms_over_zoom: tenths(percentile(delays, 50)),
    p99_ms_over_zoom: tenths(percentile(delays, 99)),
  },
  call_economy: {
    events: economyEvents,
    real_changes_per_event: economyChanges,
    no_op_upserts_per_event: noOps,
    calls_per_event: perEvent,
    calls: byKind,
    refused: calls.filter((c) => (c.status ?? 0) >= 400).length,
    refused_calls: calls
      .filter((c) => (c.status ?? 0) >= 400)
      .map((c) => `${c.method} ${c.path} ${c.status}`),
  },
  memory_mb: { during_run: duringRun, after_seeding: { events: seeded, ...after } },
};
console.log(JSON.stringify(figures, null, 2));
await fs.mkdir(path.join(import.meta.dirname, "output"), { recursive: true });
await fs.writeFile(
  path.join(import.meta.dirname, "output", outputName("provisioning", provider)),
  `${JSON.stringify(figures, null, 2)}\n`,
);
await web.stop();
await worker.stop();
await world.stop();
