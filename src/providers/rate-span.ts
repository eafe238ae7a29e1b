import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";

/**
 * Takes one call from a bucket's budget over the last `spanMs`, or says when the oldest call in
 * the span leaves it. Each call is a row of `provider_rate_windows` stamped with the database's
 * clock (the one clock all processes share); calls of one bucket take turns under an advisory
 * lock, so concurrent workers never both take the last one. Shared by every provider's pacing.
 */
export async function takeFromSpan(
  db: Kysely<Schema>,
  bucket: string,
  limit: number,
  spanMs: number,
): Promise<Date | undefined> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${bucket}))`.execute(trx);
    const { rows } = await sql<{ used: number; oldest: Date | null }>`
      select coalesce(sum(used), 0)::int as used, min(window_start) as oldest
      from provider_rate_windows
      where bucket = ${bucket}
        and window_start > clock_timestamp() - make_interval(secs => ${spanMs / 1000})
    `.execute(trx);
    const { used, oldest } = rows[0] ?? { used: 0, oldest: null };
    if (used >= limit && oldest) return new Date(oldest.getTime() + spanMs);
    await sql`
      insert into provider_rate_windows (bucket, window_start, used)
      values (${bucket}, clock_timestamp(), 1)
      on conflict (bucket, window_start) do update set used = provider_rate_windows.used + 1
    `.execute(trx);
    return undefined;
  });
}

/** A slot held for one call in flight: `release` gives it back (once; later calls do nothing). */
export interface HeldSlot {
  release(): Promise<void>;
}

/**
 * Holds one of a bucket's `limit` slots for a call in flight, across every process, or answers
 * undefined when all are taken. A slot is a row of `provider_rate_windows` that its call deletes
 * when done; one whose process died with it stops counting after `leaseMs` (the longest a call
 * may take), so a crash never keeps a slot for good.
 */
export async function holdSlot(
  db: Kysely<Schema>,
  bucket: string,
  limit: number,
  leaseMs: number,
): Promise<HeldSlot | undefined> {
  const stamp = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${bucket}))`.execute(trx);
    const { rows } = await sql<{ used: number }>`
      select coalesce(sum(used), 0)::int as used
      from provider_rate_windows
      where bucket = ${bucket}
        and window_start > clock_timestamp() - make_interval(secs => ${leaseMs / 1000})
    `.execute(trx);
    if ((rows[0]?.used ?? 0) >= limit) return undefined;
    // As text: a Date would lose the stamp's microseconds, and the release could not find it.
    const inserted = await sql<{ stamp: string }>`
      insert into provider_rate_windows (bucket, window_start, used)
      values (${bucket}, clock_timestamp(), 1)
      on conflict (bucket, window_start) do update set used = provider_rate_windows.used + 1
      returning window_start::text as stamp
    `.execute(trx);
    return inserted.rows[0]?.stamp;
  });
  if (stamp === undefined) return undefined;
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await sql`
        update provider_rate_windows set used = used - 1
        where bucket = ${bucket} and window_start = ${stamp}::timestamptz
      `.execute(db);
      await sql`
        delete from provider_rate_windows
        where bucket = ${bucket} and window_start = ${stamp}::timestamptz and used <= 0
      `.execute(db);
    },
  };
}
