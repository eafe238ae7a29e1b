import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";

/**
 * How password guessing is slowed. Failures are counted per (email, client address) and per
 * client address, never per email alone: a stranger guessing from elsewhere cannot lock the
 * owner out, since the right password from an address that has not failed still works.
 */
export const signInLimits = {
  /** Free tries per (email, address) pair before delays begin. */
  freePerPair: 5,
  /** The first delay after those, doubled with every further failure, up to maxDelaySeconds. */
  firstDelaySeconds: 30,
  maxDelaySeconds: 60 * 60,
  /** Failures one address may make across all emails in the window. */
  perAddress: 30,
  windowMinutes: 15,
  /** Failures of one email, from anywhere, in an hour that bring its owner an unblock link. */
  unblockMailAfter: 5,
  /** Failures older than this are forgotten. */
  memoryHours: 24,
};

export interface SignInAttempt {
  id: string;
  email: string;
  ip: string;
}

/**
 * Takes an attempt before any password is checked: its row is written and committed first, and
 * only then are the failures counted, so of any number of concurrent guesses at most the free
 * number ever reach the password hash. An attempt that is refused leaves no row behind.
 */
export async function takeSignInAttempt(
  db: Kysely<Schema>,
  input: { email: string; ip: string },
): Promise<SignInAttempt> {
  const email = input.email.slice(0, 254);
  const inserted = await db
    .insertInto("sign_in_failures")
    .values({ email, ip: input.ip })
    .returning(["id", "failed_at"])
    .executeTakeFirstOrThrow();
  // Elapsed time is the database's: web processes on other hosts agree on it.
  const { rows } = await sql<{ pair: number; by_address: number; since_other: number | null }>`
    select
      count(*) filter (where email = ${email} and failed_at > now() - make_interval(hours => ${signInLimits.memoryHours}))::int as pair,
      count(*) filter (where failed_at > now() - make_interval(mins => ${signInLimits.windowMinutes}))::int as by_address,
      extract(epoch from now() - max(failed_at) filter (where email = ${email} and id <> ${inserted.id}))::float8 as since_other
    from sign_in_failures
    where ip = ${input.ip}
  `.execute(db);
  const counts = rows[0] ?? { pair: 1, by_address: 1, since_other: null };
  const wait = secondsToWait(counts.pair - 1, counts.since_other);
  if (counts.by_address > signInLimits.perAddress || wait > 0) {
    await db.deleteFrom("sign_in_failures").where("id", "=", inserted.id).execute();
    throw new DomainError(
      "rate_limited",
      counts.by_address > signInLimits.perAddress
        ? `Too many failed attempts from this network. Wait ${signInLimits.windowMinutes} minutes, then try again.`
        : `Too many failed attempts. Try again in ${inWords(wait)}, or reset your password.`,
    );
  }
  return { id: inserted.id, email, ip: input.ip };
}

/** The password was right: this attempt and the pair's earlier failures are forgotten. */
export async function forgiveSignInFailures(db: Kysely<Schema>, attempt: SignInAttempt) {
  await db
    .deleteFrom("sign_in_failures")
    .where("email", "=", attempt.email)
    .where("ip", "=", attempt.ip)
    .execute();
}

/** Failures of an email from anywhere in the last hour: enough of them mail the owner a link. */
export async function recentFailuresOf(db: Kysely<Schema>, email: string): Promise<number> {
  const row = await db
    .selectFrom("sign_in_failures")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("email", "=", email)
    .where("failed_at", ">", sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The owner followed an unblock link: every failure of the email, from anywhere, is forgotten. */
export async function clearSignInFailures(db: Kysely<Schema>, email: string) {
  await db.deleteFrom("sign_in_failures").where("email", "=", email).execute();
}

function secondsToWait(earlierFailures: number, sinceLast: number | null): number {
  if (earlierFailures < signInLimits.freePerPair || sinceLast === null) return 0;
  const delay = Math.min(
    signInLimits.firstDelaySeconds * 2 ** (earlierFailures - signInLimits.freePerPair),
    signInLimits.maxDelaySeconds,
  );
  return Math.max(0, Math.ceil(delay - sinceLast));
}

function inWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
