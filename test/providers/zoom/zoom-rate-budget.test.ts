import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { withAccessToken } from "../../../src/connections/with-access-token.ts";
import type { MeetingSpec } from "../../../src/providers/provider.ts";
import { ProviderError } from "../../../src/providers/provider-error.ts";
import { createZoomProvider } from "../../../src/providers/zoom/zoom-provider.ts";
import { perSecondSpanMs } from "../../../src/providers/zoom/zoom-rate-budget.ts";
import { startConnectorWorld } from "../../support/zoom-connector.ts";

const { world, db, vault, confab, connected } = await startConnectorWorld();
const personal = await connected("personal", world.users.member, "usr_member");

function spec(marker: string): MeetingSpec {
  return {
    topic: "Pacing",
    agenda: "",
    startTime: new Date(Date.UTC(2031, 1, 1, 10)),
    durationMinutes: 30,
    timeZone: "UTC",
    host: world.users.member,
    alternativeHosts: [],
    marker,
  };
}

test("confab keeps under Zoom's per-second budget itself, over any span of a second, deferring the extra call", async () => {
  // On a free plan, meeting creation (Medium) allows 2 per second per account. The budget is
  // counted over a sliding span, so where the calls fall in a second does not matter.
  const provider = createZoomProvider({ ...confab.config.zoom, plan: "free" }, db);
  await world.control("DELETE", "/calls");
  const outcomes = await Promise.allSettled(
    ["evt_a", "evt_b", "evt_c"].map((marker) =>
      withAccessToken({ db, vault, provider }, personal, (access) =>
        provider.createMeeting(access, spec(marker)),
      ),
    ),
  );
  const deferred = outcomes.filter((o) => o.status === "rejected");
  assert.equal(deferred.length, 1);
  const reason = (deferred[0] as PromiseRejectedResult).reason;
  assert.ok(reason instanceof ProviderError && reason.kind === "rate_limited");
  const wait = (reason.retryAt?.getTime() ?? 0) - Date.now();
  assert.ok(wait <= perSecondSpanMs + 200, `back once the first call leaves the span (${wait} ms)`);
  const creates = await world.calls({
    method: "POST",
    path: "/v2/users/member%40acme.example/meetings",
  });
  const viaMe = await world.calls({ method: "POST", path: "/v2/users/me/meetings" });
  assert.equal(creates.length + viaMe.length, 2, "Zoom never saw the third");
  assert.ok(
    [...creates, ...viaMe].every((c) => c.status === 201),
    "and never had to say no",
  );
});

test("a host's 101st creation or update of the UTC day waits for 00:00 UTC without reaching Zoom", async () => {
  const provider = createZoomProvider(confab.config.zoom, db);
  const account = world.accounts.paid;
  await sql`
    insert into provider_daily_usage (bucket, window_start, used)
    values (${`zoom:${account}:${world.users.member}`},
            date_trunc('day', now() at time zone 'utc') at time zone 'utc', 100)
    on conflict (bucket, window_start) do update set used = 100`.execute(db);
  await world.control("DELETE", "/calls");
  await assert.rejects(
    withAccessToken({ db, vault, provider }, personal, (access) =>
      provider.createMeeting(access, spec("evt_101")),
    ),
    (error) => {
      assert.ok(error instanceof ProviderError && error.kind === "rate_limited");
      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      assert.ok((error.retryAt?.getTime() ?? 0) >= midnight.getTime());
      return true;
    },
  );
  assert.deepEqual(await world.calls({ method: "POST" }), []);
});

test("deletes do not count toward the host's daily 100", async () => {
  const provider = createZoomProvider(confab.config.zoom, db);
  const { rows } = await sql<{ used: number }>`
    select used from provider_daily_usage where bucket = ${`zoom:${world.accounts.paid}:${world.users.member}`}`.execute(
    db,
  );
  const before = rows[0]?.used;
  await withAccessToken({ db, vault, provider }, personal, (access) =>
    provider.deleteMeeting(access, "12345678901"),
  );
  const after = await sql<{ used: number }>`
    select used from provider_daily_usage where bucket = ${`zoom:${world.accounts.paid}:${world.users.member}`}`.execute(
    db,
  );
  assert.equal(after.rows[0]?.used, before);
});
