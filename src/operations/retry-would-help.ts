import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { Providers } from "../providers/registry.ts";
import { assessFailure } from "./assess-failure.ts";

/**
 * Whether trying a failing event again could help. Not while its meeting waits on something
 * only a person can do (connect the profile it names, reconnect a broken one, install the
 * provider for the organization): another attempt would fail the same way, and connecting
 * resumes the event by itself (resume-waiting-events.ts). Anything else, like a provider that
 * did not answer or refused, may go through on another try.
 */
export async function retryWouldHelp(
  db: Kysely<Schema>,
  providers: Providers,
  eventId: string,
): Promise<boolean> {
  return (await assessFailure(db, providers, eventId)).retryable;
}
