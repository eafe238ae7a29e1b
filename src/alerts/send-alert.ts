import type { Task } from "graphile-worker";
import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { TaskPayloads } from "../jobs/task-payloads.ts";
import type { Outbox } from "../mail/outbox.ts";
import {
  integrationBrokenMail,
  profileBrokenMail,
} from "../mail/templates/connection-broken-mail.ts";
import { meetingFailedMail } from "../mail/templates/meeting-failed-mail.ts";
import type { Providers } from "../providers/registry.ts";

export interface AlertDependencies {
  db: Kysely<Schema>;
  outbox: Outbox;
  publicUrl: string;
  providers: Providers;
}

/** Mails the people an alert concerns; the mails and nothing else, in one transaction. */
export function sendAlertTask(deps: AlertDependencies): Task {
  return async (payload) => {
    const alert = payload as TaskPayloads["alerts:send"];
    await deps.db.transaction().execute(async (trx) => {
      if (alert.alert === "connection_broken")
        await connectionBroken(trx, deps, alert.connectionId);
      else await meetingFailed(trx, deps, alert.eventId);
    });
  };
}

async function connectionBroken(
  trx: Kysely<Schema>,
  deps: AlertDependencies,
  connectionId: string,
) {
  const connection = await trx
    .selectFrom("provider_connections")
    .select(["provider", "kind", "owner_ref", "email", "status", "status_reason"])
    .where("id", "=", connectionId)
    .executeTakeFirst();
  // Reconnected (or removed) before the alert went out: nothing is broken to tell about.
  if (connection?.status !== "broken") return;
  const providerName = deps.providers.get(connection.provider)?.displayName ?? connection.provider;
  const reason = connection.status_reason ?? "the provider no longer accepts confab's access.";
  if (connection.kind === "organization") {
    const organization = await trx
      .selectFrom("organizations")
      .select(["id", "name", "slug"])
      .where("id", "=", connection.owner_ref)
      .executeTakeFirst();
    if (!organization) return;
    const admins = await trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["users.id", "users.email", "users.name"])
      .where("memberships.organization_id", "=", organization.id)
      .where("memberships.role", "=", "org_admin")
      .execute();
    for (const admin of admins) {
      await deps.outbox.queue(trx, {
        kind: "integration_broken",
        to: { email: admin.email, name: admin.name || undefined },
        userId: admin.id,
        organizationId: organization.id,
        ...integrationBrokenMail({
          provider: connection.provider,
          providerName,
          organizationName: organization.name,
          reason,
          integrationsUrl: `${deps.publicUrl}/o/${organization.slug}/manage/integrations`,
        }),
      });
    }
    return;
  }
  // A person's own profile; one an application made for its user has no confab account to tell
  // (the application learns of it from the event's failure and the profile's state).
  const owner = await trx
    .selectFrom("users")
    .select(["id", "email", "name"])
    .where("id", "=", connection.owner_ref)
    .executeTakeFirst();
  if (!owner) return;
  await deps.outbox.queue(trx, {
    kind: "profile_broken",
    to: { email: owner.email, name: owner.name || undefined },
    userId: owner.id,
    ...profileBrokenMail({
      provider: connection.provider,
      providerName,
      providerEmail: connection.email,
      reason,
      reconnectUrl: `${deps.publicUrl}/account/conferencing`,
    }),
  });
}

async function meetingFailed(trx: Kysely<Schema>, deps: AlertDependencies, eventId: string) {
  const event = await trx
    .selectFrom("events")
    .innerJoin("programs", "programs.id", "events.program_id")
    .innerJoin("organizations", "organizations.id", "programs.organization_id")
    .innerJoin("users", "users.id", "events.organizer_id")
    .select([
      "events.id",
      "events.summary",
      "events.start_at",
      "events.time_zone",
      "events.meeting_mode",
      "events.meeting_mode_label",
      "events.conferencing_state",
      "events.conferencing_reason",
      "events.deleted_at",
      "events.program_id",
      "organizations.id as organization_id",
      "organizations.slug",
      "users.id as host_id",
      "users.email as host_email",
      "users.name as host_name",
      "users.time_zone as host_time_zone",
    ])
    .where("events.id", "=", eventId)
    .executeTakeFirst();
  if (!event || event.deleted_at !== null || event.conferencing_state !== "failing") return;
  // When the organization's install itself broke, its admins were told once: its hosts are not
  // told again for every meeting it stopped.
  const install = await trx
    .selectFrom("provider_connections")
    .select("status")
    .where("kind", "=", "organization")
    .where("owner_ref", "=", event.organization_id)
    .where("provider", "=", event.meeting_mode ?? "")
    .where("status", "=", "connected")
    .executeTakeFirst();
  if (!install) return;
  await deps.outbox.queue(trx, {
    kind: "meeting_failed",
    to: { email: event.host_email, name: event.host_name || undefined },
    userId: event.host_id,
    organizationId: event.organization_id,
    ...meetingFailedMail({
      title: event.summary,
      start: event.start_at,
      timeZone: event.host_time_zone ?? event.time_zone,
      modeLabel: event.meeting_mode_label ?? "video",
      reason: event.conferencing_reason ?? "the provider refused it.",
      meetingUrl: `${deps.publicUrl}/o/${event.slug}/programs/${event.program_id}/meetings/${event.id}`,
    }),
  });
}
