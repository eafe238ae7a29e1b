import { sql } from "kysely";
import { withAccessToken } from "../connections/with-access-token.ts";
import type { ConferencingProvider } from "../providers/provider.ts";
import type { MeetingDeps } from "./meeting-deps.ts";

/** What the provider said of one person: a user of the account, and whether they may host. */
export interface HostCheck {
  found: boolean;
  canHost: boolean;
}

/** A licence is bought or taken away rarely: an hour-old answer is good enough to plan with. */
const freshForMs = 60 * 60_000;
/** A program's form asks about its members at most this many at a time. */
const lookupsAtOnce = 4;

/**
 * Whether each email may host in the organization's install, from answers kept for an hour and
 * the provider for the rest. Answers are kept per install, so a new install asks anew. `limit`
 * bounds how many are asked of the provider in one call (a long member list on a form); those
 * beyond it are left out of the answer, unknown. Throws the provider's error when it cannot be
 * asked. Every answer is kept, so the form that follows
 * a save knows what the save learnt.
 */
export async function checkHosts(
  deps: MeetingDeps,
  o: {
    connectionId: string;
    provider: ConferencingProvider;
    emails: string[];
    limit?: number;
    /** How old a kept answer may be: the plan a meeting is saved with wants recent ones. */
    maxAgeMs?: number;
  },
): Promise<Map<string, HostCheck>> {
  const emails = [...new Set(o.emails.map((e) => e.toLowerCase()))];
  const answers = new Map<string, HostCheck>();
  if (emails.length === 0) return answers;
  const kept = await deps.db
    .selectFrom("provider_host_checks")
    .select(["email", "found", "can_host"])
    .where("connection_id", "=", o.connectionId)
    .where("email", "in", emails)
    .where("checked_at", ">", new Date(Date.now() - (o.maxAgeMs ?? freshForMs)))
    .execute();
  for (const row of kept) answers.set(row.email, { found: row.found, canHost: row.can_host });
  const unknown = emails.filter((e) => !answers.has(e)).slice(0, o.limit ?? emails.length);
  for (let i = 0; i < unknown.length; i += lookupsAtOnce) {
    const batch = unknown.slice(i, i + lookupsAtOnce);
    const found = await withAccessToken(
      { ...deps, provider: o.provider },
      o.connectionId,
      (access) => Promise.all(batch.map((email) => o.provider.findUser(access, email))),
    );
    const rows = batch.map((email, j) => ({
      connection_id: o.connectionId,
      email,
      found: found[j] !== undefined,
      can_host: found[j]?.canHost === true,
    }));
    await deps.db
      .insertInto("provider_host_checks")
      .values(rows)
      .onConflict((c) =>
        c.columns(["connection_id", "email"]).doUpdateSet({
          found: (eb) => eb.ref("excluded.found"),
          can_host: (eb) => eb.ref("excluded.can_host"),
          checked_at: sql<Date>`now()`,
        }),
      )
      .execute();
    for (const row of rows) answers.set(row.email, { found: row.found, canHost: row.can_host });
  }
  return answers;
}
