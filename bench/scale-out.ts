/**
 * Scale-out: the accept benchmark's load against one web and one worker process, then against two
 * of each, all on one PostgreSQL, Zoom answering after 800 ms. Throughput of the 202s (spread
 * over the web processes as a load balancer would) and of the meetings made, as ratios of the
 * two set-ups measured in the same run; and the proof that no job ran twice at once for an
 * event: exactly one Zoom create, and one meeting, per event.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import {
  type BenchCalendar,
  benchCalendar,
  registerBenchApplication,
  upsertBenchEvent,
} from "./bench-calendar.ts";
import {
  type BenchProcess,
  randomPort,
  residentMemory,
  startConfabRole,
} from "./confab-processes.ts";
import { load, tenths } from "./load.ts";
import { startSandboxedConfab } from "./sandboxed-confab.ts";

const events = Number(process.env.BENCH_SCALE_EVENTS ?? 300);
const concurrency = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 32);
const zoomLatencyMs = Number(process.env.BENCH_ACCEPT_ZOOM_LATENCY_MS ?? 800);
// Zoom allows 100 meeting writes per host and day: enough hosts that none runs out.
const hosts = Math.ceil(events / 90);
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

progress("starting PostgreSQL and the Zoom sandbox");
const world = await startSandboxedConfab();
let running: BenchProcess[] = [];
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const one of running) one.child.kill("SIGKILL");
    void world.stop().finally(() => process.exit(130));
  });
}
const { db } = world;
const application = await registerBenchApplication(world);
await world.world.control("POST", "/faults", {
  match: { path: "/v2/*" },
  delay_ms: zoomLatencyMs,
  times: 10_000_000,
});

interface SandboxMeeting {
  agenda?: string;
}

async function measure(label: string, webCount: number, workerCount: number) {
  progress(`${label}: ${webCount} web and ${workerCount} worker processes, ${events} events`);
  const webs = await Promise.all(
    Array.from({ length: webCount }, () => startConfabRole("web", world.env, randomPort())),
  );
  const workers = await Promise.all(
    Array.from({ length: workerCount }, () => startConfabRole("worker", world.env)),
  );
  running = [...webs, ...workers];
  const calendars: BenchCalendar[] = [];
  for (let h = 0; h < hosts; h++) {
    calendars.push(
      await benchCalendar(
        world,
        webs[0]?.url as string,
        application,
        `${label}-${h}`,
        `${label}-${h}@bench.example`,
      ),
    );
  }
  await world.world.control("DELETE", "/calls");

  const started = performance.now();
  const accept = await load(concurrency, events, async (n, client) => {
    const web = webs[client % webs.length] as BenchProcess;
    const calendar = calendars[n % calendars.length] as BenchCalendar;
    const status = await upsertBenchEvent(web.url as string, calendar, `${label}-${n}`, n);
    if (status !== 202) throw new Error(`upsert answered ${status}`);
  });
  const assigned = async () =>
    Number(
      (
        await sql<{ count: number }>`
          select count(*)::int as count from events
          where event_id like ${`${label}-%`} and conferencing_state = 'assigned'`.execute(db)
      ).rows[0]?.count,
    );
  while ((await assigned()) < events) await new Promise((resolve) => setTimeout(resolve, 100));
  const provisionedPerSecond = events / ((performance.now() - started) / 1000);

  const ids = new Set(
    (
      await db.selectFrom("events").select("id").where("event_id", "like", `${label}-%`).execute()
    ).map((row) => row.id),
  );
  const meetings = await world.world.control<SandboxMeeting[]>("GET", "/meetings");
  const perEvent = new Map<string, number>();
  for (const meeting of meetings) {
    const marker = /ref (evt_[0-9a-f]+)\)/.exec(meeting.agenda ?? "")?.[1];
    if (marker && ids.has(marker)) perEvent.set(marker, (perEvent.get(marker) ?? 0) + 1);
  }
  const creates = (await world.world.calls()).filter(
    (c) => c.method === "POST" && c.path.endsWith("/meetings") && c.status === 201,
  );
  const memory = {
    web: webs.map((web) => residentMemory(web.child.pid as number).peak_mb),
    worker: workers.map((worker) => residentMemory(worker.child.pid as number).peak_mb),
  };
  await Promise.all(running.map((one) => one.stop()));
  running = [];
  return {
    processes: { web: webCount, worker: workerCount },
    accept,
    meetings_made_per_second: tenths(provisionedPerSecond),
    zoom_creates_per_event: tenths(creates.length / events),
    events_with_one_meeting: [...perEvent.values()].filter((count) => count === 1).length,
    events_with_more_than_one_meeting: [...perEvent.values()].filter((count) => count > 1).length,
    peak_rss_mb: memory,
  };
}

const one = await measure("one", 1, 1);
const two = await measure("two", 2, 2);
const figures = {
  machine: { cpus: os.availableParallelism(), node: process.version },
  zoom_latency_ms: zoomLatencyMs,
  events,
  concurrency,
  one_of_each: one,
  two_of_each: two,
  ratios: {
    accept_per_second: Math.round((two.accept.per_second / one.accept.per_second) * 100) / 100,
    meetings_made_per_second:
      Math.round((two.meetings_made_per_second / one.meetings_made_per_second) * 100) / 100,
  },
};
console.log(JSON.stringify(figures, null, 2));
await fs.mkdir(path.join(import.meta.dirname, "output"), { recursive: true });
await fs.writeFile(
  path.join(import.meta.dirname, "output", "scale-out.json"),
  `${JSON.stringify(figures, null, 2)}\n`,
);
await world.stop();
