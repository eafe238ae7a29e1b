/**
 * One worker process of the connector benchmark: creates its share of meetings (Zoom meetings, or
 * Outlook events with Teams meetings) at once on one connection, waiting out deferrals as the real worker does, then prints what it saw as JSON.
 * argv: connectionId count label [sequential]
 */

import { loadConfig } from "../src/config.ts";
import { withAccessToken } from "../src/connections/with-access-token.ts";
import { connect } from "../src/db/database.ts";
import { createLogger } from "../src/logging/create-logger.ts";
import type { ConferencingProvider } from "../src/providers/provider.ts";
import { ProviderError } from "../src/providers/provider-error.ts";
import { createProviders } from "../src/providers/registry.ts";
import { createVault } from "../src/vault/vault.ts";
import { meetingTomorrow } from "../test/support/meeting-spec.ts";

const [connectionId = "", countText = "10", label = "p", mode = "concurrent"] =
  process.argv.slice(2);
const config = loadConfig();
const database = connect(config.databaseUrl as string, createLogger("silent"), 10);
// The provider the benchmark set up (BENCH_PROVIDER, passed on by bench/run.ts).
const provider = createProviders(config, database.db).get(
  process.env.BENCH_PROVIDER ?? "zoom",
) as ConferencingProvider;
const deps = { db: database.db, vault: createVault(config.secretKey as string), provider };

let deferrals = 0;
const latencies: number[] = [];
async function createOne(n: number) {
  for (;;) {
    const started = performance.now();
    try {
      const meeting = await withAccessToken(deps, connectionId, (access) =>
        provider.createMeeting(access, meetingTomorrow(`Bench ${label}-${n}`, `evt_${label}_${n}`)),
      );
      latencies.push(performance.now() - started);
      return meeting.id;
    } catch (error) {
      if (!(error instanceof ProviderError && error.kind === "rate_limited" && error.retryAt))
        throw error;
      // A benchmark waits out per-second pacing, not a day.
      if (error.retryAt.getTime() - Date.now() > 60_000) throw error;
      deferrals++;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, (error.retryAt as Date).getTime() - Date.now())),
      );
    }
  }
}

const count = Number(countText);
const ids: string[] = [];
if (mode === "sequential") {
  // One at a time, paced to stay inside the per-second budget: latency, not throughput.
  for (let n = 0; n < count; n++) {
    ids.push(await createOne(n));
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
} else {
  ids.push(...(await Promise.all(Array.from({ length: count }, (_, n) => createOne(n)))));
}
process.stdout.write(`${JSON.stringify({ ids, deferrals, latencies })}\n`);
await database.close();
