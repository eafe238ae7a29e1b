import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { pruneConnectionRecords } from "../../src/connections/prune-connection-records.ts";
import { useTestDatabase } from "../support/test-database.ts";

const { db } = await useTestDatabase();

test("housekeeping drops only the bookkeeping that has served its purpose", async () => {
  await sql`insert into provider_rate_windows values
    ('old', now() - interval '2 hours', 1), ('recent', now(), 1)`.execute(db);
  await sql`insert into provider_daily_usage values
    ('old', now() - interval '4 days', 1), ('today', now(), 1)`.execute(db);
  await sql`insert into webhook_receipts (provider, request_id, received_at) values
    ('zoom', 'old', now() - interval '8 days'), ('zoom', 'recent', now())`.execute(db);
  await sql`insert into oauth_states values
    ('gone', 'zoom', 'personal', 'usr', 'b', 'v', '/', now(), now() - interval '1 second'),
    ('live', 'zoom', 'personal', 'usr', 'b', 'v', '/', now(), now() + interval '5 minutes')`.execute(
    db,
  );
  await sql`insert into spent_links (link_hash, expires_at) values
    ('gone', now() - interval '1 second'), ('live', now() + interval '1 hour')`.execute(db);

  assert.deepEqual(await pruneConnectionRecords(db), {
    rate_windows: 1,
    daily_usage: 1,
    webhook_receipts: 1,
    oauth_states: 1,
    spent_links: 1,
  });
  const left = await sql<{ what: string }>`
    select bucket as what from provider_rate_windows union all
    select bucket from provider_daily_usage union all
    select request_id from webhook_receipts union all
    select state_hash from oauth_states union all
    select link_hash from spent_links order by 1`.execute(db);
  assert.deepEqual(
    left.rows.map((r) => r.what),
    ["live", "live", "recent", "recent", "today"],
  );
});
