import type { Task } from "graphile-worker";
import { type Kysely, sql } from "kysely";
import { accessTokenPurpose } from "../connections/connection-secrets.ts";
import { withAccessToken } from "../connections/with-access-token.ts";
import type { Schema } from "../db/schema.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import type { TaskPayloads } from "../jobs/task-payloads.ts";
import type { ConferencingProvider, ProviderWatch } from "../providers/provider.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { ConferencingDeps } from "./provision-meeting.ts";
import { sealWatchToken } from "./watch-token.ts";

type WatchJob = TaskPayloads["conferencing:watch_connection"];

/** Enqueues the watch work for a connection: one at a time per connection, the latest winning. */
export function scheduleWatch(db: Kysely<Schema>, job: WatchJob): Promise<string> {
  return enqueueJob(db, "conferencing:watch_connection", job, {
    queueName: `watch:${job.connectionId}`,
    jobKey: `watch:${job.connectionId}`,
  });
}

export function watchConnectionTask(deps: ConferencingDeps): Task {
  return async (payload) => {
    await watchConnection(deps, payload as WatchJob);
  };
}

/**
 * Makes sure the provider tells confab of changes on its side to a connection's meetings, where
 * the provider is asked per connection: renews the watch confab holds, or makes one (again) when
 * there is none, the provider no longer has it, or it was removed there. A watch made again
 * after one was lost has its meetings read back, for the changes made meanwhile. A provider that
 * refuses (its validation of confab's webhook failed, say) is logged and not asked again: the
 * connection works without, as before. A lifecycle request about a watch confab has replaced
 * since is about nothing it holds, and changes nothing.
 */
export async function watchConnection(deps: ConferencingDeps, job: WatchJob): Promise<void> {
  const { db, vault, providers, logger } = deps;
  const connection = await db
    .selectFrom("provider_connections")
    .select(["id", "provider", "kind", "status"])
    .where("id", "=", job.connectionId)
    .executeTakeFirst();
  if (connection?.status !== "connected") return;
  const provider = providers.get(connection.provider);
  if (!provider?.watch) return;
  const stored = await db
    .selectFrom("provider_watches")
    .select(["watch_id"])
    .where("connection_id", "=", connection.id)
    .executeTakeFirst();
  if (job.watchId !== undefined && stored?.watch_id !== job.watchId) return;
  const now = job.asOf ? new Date(job.asOf) : new Date();

  const save = (watch: ProviderWatch) =>
    db
      .insertInto("provider_watches")
      .values({
        connection_id: connection.id,
        provider: provider.name,
        watch_id: watch.id,
        expires_at: watch.expiresAt,
      })
      .onConflict((oc) =>
        oc.column("connection_id").doUpdateSet({
          watch_id: watch.id,
          expires_at: watch.expiresAt,
          renewed_at: sql`now()`,
        }),
      )
      .execute();

  try {
    const outcome = await withAccessToken(
      { db, vault, provider },
      connection.id,
      async (access) => {
        if (stored && job.need !== "recreate" && provider.renewWatch) {
          const renewed = await provider.renewWatch(access, stored.watch_id, now);
          if (renewed !== "gone") {
            await save(renewed);
            return "renewed";
          }
        }
        const made = await provider.watch?.(access, {
          connectionId: connection.id,
          kind: connection.kind,
          webhookUrl: `${deps.publicUrl}/webhooks/${provider.name}`,
          token: sealWatchToken(vault, connection.id),
          now,
        });
        if (!made) return "unwatched";
        await save(made);
        return stored ? "made_again" : "made";
      },
    );
    logger.info(
      { connectionId: connection.id, provider: provider.name, outcome },
      "connection watch",
    );
    if (outcome === "made_again") {
      await enqueueJob(db, "conferencing:resync_watched", { connectionId: connection.id });
    }
  } catch (error) {
    if (
      error instanceof ProviderError &&
      (error.kind === "rejected" || error.kind === "connection_revoked")
    ) {
      logger.warn(
        { connectionId: connection.id, provider: provider.name, reason: error.message },
        "the provider would not watch the connection; changes made on its side are not seen",
      );
      return;
    }
    throw error;
  }
}

/**
 * Ends a connection's watch as the connection is removed, inside the caller's transaction and
 * before its tokens go: best effort, with the token confab holds while it is still valid. A
 * watch the provider no longer has, or one it cannot be told about, lapses there on its own, and
 * what it still sends names a removed connection, which confab ignores.
 */
export async function endWatchIn(
  trx: Kysely<Schema>,
  deps: Pick<ConferencingDeps, "vault"> & { provider: ConferencingProvider },
  connectionId: string,
): Promise<void> {
  const watch = await trx
    .deleteFrom("provider_watches")
    .where("connection_id", "=", connectionId)
    .returning("watch_id")
    .executeTakeFirst();
  if (!watch || !deps.provider.unwatch) return;
  const row = await trx
    .selectFrom("provider_connections")
    .select(["kind", "external_account_id", "email", "access_token", "access_token_expires_at"])
    .where("id", "=", connectionId)
    .executeTakeFirst();
  if (!row?.access_token || (row.access_token_expires_at?.getTime() ?? 0) <= Date.now()) return;
  try {
    await deps.provider.unwatch(
      {
        accessToken: deps.vault.decrypt(row.access_token, accessTokenPurpose),
        kind: row.kind,
        accountKey: row.external_account_id,
        userEmail: row.email,
      },
      watch.watch_id,
    );
  } catch {
    // Best effort, as said above.
  }
}
