/**
 * Accepting an event never waits for Zoom. confab (web + worker, its own process) takes event
 * upserts with conferencing while the sandbox answers every Zoom call after 800 ms; a load from
 * this process measures the 202s at rising concurrency. Baselines in the same run, same load:
 * a Fastify route that does nothing (the HTTP floor), and a plain INSERT + job-enqueue
 * transaction on the same PostgreSQL (the storage ceiling).
 */
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import { createApplication } from "../src/orgs/applications.ts";
import { createOrganization } from "../src/orgs/create-organization.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../src/orgs/load-org-access.ts";
import { startProcess, unmeteredApi } from "./confab-processes.ts";
import { load } from "./load.ts";
import { startSandboxedConfab } from "./sandboxed-confab.ts";

const levels = (process.env.BENCH_CONCURRENCY ?? "1,8,32").split(",").map(Number);
const perLevel = Number(process.env.BENCH_REQUESTS ?? 400);
const zoomLatencyMs = Number(process.env.BENCH_ACCEPT_ZOOM_LATENCY_MS ?? 800);
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

progress("starting PostgreSQL, the Zoom sandbox, confab and a bare route");
const world = await startSandboxedConfab();
// Interrupted, the benchmark still stops what it started (PostgreSQL runs in its own group).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    confabProcess?.kill("SIGTERM");
    void world.stop().finally(() => process.exit(130));
  });
}
let confabProcess: ChildProcess | undefined;
const { db, env } = world;
await createOrganization(db, { name: "Bench scheduling", slug: "bench", actor: commandLineActor });
const access = await loadOrgAccessForCommandLine(db, "bench");
const made = await createApplication(db, world.vault, access, {
  name: "Bench scheduler",
  redirectUris: ["http://127.0.0.1:9/connected"],
  actor: commandLineActor,
});
const port = 20000 + Math.floor(Math.random() * 20000);
const confab = await startProcess([path.resolve(import.meta.dirname, "../src/main.ts"), "start"], {
  ...env,
  PORT: String(port),
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  CONFAB_DEMO: "0",
  // What one upsert costs, not the application's quota: its rates are set out of the way.
  ...unmeteredApi,
});
confabProcess = confab.child;
const bare = await startProcess([path.join(import.meta.dirname, "bare-route.ts")], {});
const base = `http://127.0.0.1:${port}`;

const calendarReply = await fetch(`${base}/v1/application_calendars`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    client_id: made.application.clientId,
    client_secret: made.clientSecret,
    application_calendar_id: "bench-user",
  }),
});
const calendar = (await calendarReply.json()) as { access_token: string; sub: string };
await world.connectHost(calendar.sub);
const calendars = (await (
  await fetch(`${base}/v1/calendars`, {
    headers: { authorization: `Bearer ${calendar.access_token}` },
  })
).json()) as {
  calendars: { calendar_id: string }[];
};
const calendarId = calendars.calendars[0]?.calendar_id as string;
await world.world.control("POST", "/faults", {
  match: { path: "/v2/*" },
  delay_ms: zoomLatencyMs,
  times: 1_000_000,
});

const tomorrow = Date.now() + 86_400_000;
let eventNumber = 0;
async function upsert(target: string, headers: Record<string, string>) {
  const n = eventNumber++;
  const reply = await fetch(`${target}/v1/calendars/${calendarId}/events`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({
      event_id: `bench-${n}`,
      summary: `Bench ${n}`,
      start: new Date(tomorrow + n * 60_000).toISOString().replace(/\.\d+Z$/, "Z"),
      end: new Date(tomorrow + n * 60_000 + 1_800_000).toISOString().replace(/\.\d+Z$/, "Z"),
      tzid: "Etc/UTC",
      conferencing: { profile_id: "default" },
    }),
  });
  await reply.arrayBuffer();
  if (reply.status !== 202) throw new Error(`upsert answered ${reply.status}`);
}

await sql`create table bench_events (id text primary key, body jsonb not null)`.execute(db);
async function insertAndEnqueue(n: number) {
  await db.transaction().execute(async (trx) => {
    await sql`insert into bench_events values (${`e${n}-${Math.random()}`}, ${JSON.stringify({ n })})`.execute(
      trx,
    );
    await sql`select graphile_worker.add_job('bench_noop', ${JSON.stringify({ n })}::json, run_at => now() + interval '1 day')`.execute(
      trx,
    );
  });
}

const results = [];
for (const concurrency of levels) {
  progress(
    `concurrency ${concurrency}: ${perLevel} upserts each to confab, the bare route, and the storage ceiling`,
  );
  const viaConfab = await load(concurrency, perLevel, () =>
    upsert(base, { authorization: `Bearer ${calendar.access_token}` }),
  );
  const viaBare = await load(concurrency, perLevel, () => upsert(bare.url as string, {}));
  const ceiling = await load(concurrency, perLevel, insertAndEnqueue);
  results.push({
    concurrency,
    confab: viaConfab,
    bare_route: viaBare,
    insert_and_enqueue: ceiling,
    confab_per_second_of_ceiling:
      Math.round((viaConfab.per_second / ceiling.per_second) * 100) / 100,
    confab_p50_over_bare_ms: Math.round((viaConfab.p50_ms - viaBare.p50_ms) * 10) / 10,
  });
}
console.log(
  JSON.stringify(
    { zoom_latency_ms: zoomLatencyMs, requests_per_level: perLevel, results },
    null,
    2,
  ),
);
await confab.stop();
await bare.stop();
await world.stop();
