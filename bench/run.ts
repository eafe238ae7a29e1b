/**
 * `npm run bench`: the connector's benchmark, for Zoom or (BENCH_PROVIDER=ms_teams) Microsoft
 * Teams. Everything runs on this machine in one go,
 * so each figure is read against a baseline measured in the same run:
 *   - added latency: meeting creations through confab's connector (token from the vault, rate
 *     budgets in PostgreSQL, the Zoom client) against the same calls made straight to the
 *     sandbox, with the sandbox answering after a fixed delay;
 *   - call economy: several worker processes creating meetings at once on one connection whose
 *     token has expired: Zoom calls per meeting and refreshes per expiry, from the sandbox's log.
 */
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { percentile } from "./load.ts";
import { benchProvider, outputName, startSandboxedConfab } from "./sandboxed-confab.ts";

const processes = Number(process.env.BENCH_PROCESSES ?? 3);
const perProcess = Number(process.env.BENCH_PER_PROCESS ?? 20);
const sequential = Number(process.env.BENCH_SEQUENTIAL ?? 30);
const zoomLatencyMs = Number(process.env.BENCH_ZOOM_LATENCY_MS ?? 100);

const provider = benchProvider();
const progress = (line: string) => process.stderr.write(`bench (${provider}): ${line}\n`);
progress("starting PostgreSQL, the provider's sandbox, and a connection");
const setup = await startSandboxedConfab(provider);
// Interrupted, the benchmark still stops its PostgreSQL (it runs in its own process group).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void setup.stop().finally(() => process.exit(130)));
}
const { world, db, connectionId, token, env } = setup;

const ms = (value: number) => Math.round(value * 10) / 10;

// The provider's own latency, for both sides of the comparison.
await world.control("POST", "/faults", {
  match: { path: world.apiPaths },
  delay_ms: zoomLatencyMs,
  times: 1_000_000,
});

progress(`baseline: ${sequential} creations straight to the sandbox`);
// Baseline: straight to the sandbox, one at a time.
const direct: number[] = [];
for (let n = 0; n < sequential; n++) {
  const started = performance.now();
  const status = await world.createDirect(token, n);
  if (status !== 201) throw new Error(`baseline create failed: ${status}`);
  direct.push(performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, 60)); // stay inside the per-second limit
}

progress(`the same ${sequential} through confab's connector`);
// Through confab's connector, one at a time, in a process of its own.
await world.control("DELETE", "/calls");
const viaConnector = await runProcess(connectionId, sequential, "seq", "sequential");

progress(`${processes} processes x ${perProcess} creations at once on an expired token`);
// Call economy: an expired token and several processes creating at once. The phases above used
// part of the host's 100 daily creations: move Zoom past 00:00 UTC (which also expires the
// token) and start confab's daily count afresh, as the next day would. (Microsoft's token lasts
// the same hour, and Outlook has no daily count.)
const { now } = await world.control<{ now: string }>("GET", "/clock");
const zoomNow = new Date(now);
const nextMidnight = Date.UTC(
  zoomNow.getUTCFullYear(),
  zoomNow.getUTCMonth(),
  zoomNow.getUTCDate() + 1,
);
await world.control("POST", "/clock", {
  advance_seconds: Math.ceil((nextMidnight - zoomNow.getTime()) / 1000) + 3700,
});
await sql`delete from provider_daily_usage`.execute(db);
await sql`update provider_connections set access_token_expires_at = now() - interval '1 minute'`.execute(
  db,
);
await world.control("DELETE", "/calls");
const started = performance.now();
const results = await Promise.all(
  Array.from({ length: processes }, (_, p) => runProcess(connectionId, perProcess, `p${p}`)),
);
const concurrentSeconds = (performance.now() - started) / 1000;
const calls = await world.calls();
const meetings = processes * perProcess;
const creates = calls.filter((c) => world.kind(c) === "create");
const refreshes = calls.filter((c) => world.kind(c) === "token_refresh");

// 3. A burst: three processes, each with its own host of the one account, make 100 meetings
// each at once. Zoom's per-second limit is the account's (Pro: 20 creations a second), cut by
// Zoom's clock; confab's budget must keep every one of Zoom's seconds under it.
// Outlook has no per-second limit of an account to measure against: Zoom only.
const burstPerProcess =
  provider === "zoom" ? Number(process.env.BENCH_BURST_PER_PROCESS ?? 100) : 0;
const bursting = burstPerProcess > 0;
if (bursting)
  progress(`burst: ${processes} processes x ${burstPerProcess} creations, one host each`);
const burstHosts = bursting
  ? await Promise.all(
      Array.from({ length: processes }, (_, p) =>
        setup.connectHost(`usr_burst_${p}`, `burst-${p}@bench.example`),
      ),
    )
  : [];
await world.control("DELETE", "/calls");
const burstStarted = performance.now();
const burst = await Promise.all(
  burstHosts.map((connection, p) => runProcess(connection, burstPerProcess, `b${p}`)),
);
const burstSeconds = (performance.now() - burstStarted) / 1000;
const burstCreates = (await world.calls()).filter((c) => world.kind(c) === "create");
const accountLimit = 20;

const figures = {
  machine: { cpus: os.availableParallelism(), node: process.version },
  provider,
  zoom_latency_ms: zoomLatencyMs,
  added_latency: {
    baseline_p50_ms: ms(percentile(direct, 50)),
    baseline_p99_ms: ms(percentile(direct, 99)),
    connector_p50_ms: ms(percentile(viaConnector.latencies, 50)),
    connector_p99_ms: ms(percentile(viaConnector.latencies, 99)),
    added_p50_ms: ms(percentile(viaConnector.latencies, 50) - percentile(direct, 50)),
    ratio_p50:
      Math.round((percentile(viaConnector.latencies, 50) / percentile(direct, 50)) * 100) / 100,
  },
  call_economy: {
    processes,
    meetings,
    distinct_meetings: new Set(results.flatMap((r) => r.ids)).size,
    zoom_create_calls: creates.length,
    creates_per_meeting: ms(creates.length / meetings),
    refused_creates: creates.filter((c) => c.status !== 201).length,
    token_refreshes: refreshes.length,
    refresh_failures: refreshes.filter((c) => c.status !== 200).length,
    deferrals_before_zoom_said_no: results.reduce((sum, r) => sum + r.deferrals, 0),
    seconds: ms(concurrentSeconds),
  },
  burst:
    burstPerProcess === 0
      ? null
      : {
          processes,
          meetings: processes * burstPerProcess,
          distinct_meetings: new Set(burst.flatMap((r) => r.ids)).size,
          zoom_create_calls: burstCreates.length,
          qps_429s: burstCreates.filter((c) => c.status === 429).length,
          deferrals_before_zoom_said_no: burst.reduce((sum, r) => sum + r.deferrals, 0),
          seconds: ms(burstSeconds),
          creates_per_second: ms((processes * burstPerProcess) / burstSeconds),
          share_of_zooms_limit: ms((processes * burstPerProcess) / burstSeconds / accountLimit),
        },
};
console.log(JSON.stringify(figures, null, 2));
await fs.mkdir(path.join(import.meta.dirname, "output"), { recursive: true });
await fs.writeFile(
  path.join(import.meta.dirname, "output", outputName("connector", provider)),
  `${JSON.stringify(figures, null, 2)}\n`,
);
await setup.stop();

async function runProcess(connection: string, count: number, label: string, mode = "concurrent") {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      path.join(import.meta.dirname, "connector-process.ts"),
      connection,
      String(count),
      label,
      mode,
    ],
    { env: { ...process.env, ...env } },
  );
  return JSON.parse(stdout) as { ids: string[]; deferrals: number; latencies: number[] };
}
