import type { TaskList } from "graphile-worker";
import type { Logger } from "pino";
import { sendAlertTask } from "../alerts/send-alert.ts";
import { callbackPolicyOf } from "../callbacks/own-endpoints.ts";
import { meetingChangedAtProvider } from "../conferencing/meeting-changed-at-provider.ts";
import { provisionMeetingTask } from "../conferencing/provision-meeting.ts";
import { renewDueWatches } from "../conferencing/renew-watches.ts";
import { resyncWatchedTask } from "../conferencing/resync-watched.ts";
import { watchConnectionTask } from "../conferencing/watch-connection.ts";
import { watchedMeetingChangedTask } from "../conferencing/watched-meeting-changed.ts";
import type { Config } from "../config.ts";
import { pruneConnectionRecords } from "../connections/prune-connection-records.ts";
import { removeConnectionTask } from "../connections/remove-connection-task.ts";
import type { Database } from "../db/database.ts";
import { messageIdDomain } from "../mail/mail-settings.ts";
import { createOutbox } from "../mail/outbox.ts";
import { sendQueuedMailTask } from "../mail/send-queued-mail.ts";
import { createSmtpTransport } from "../mail/smtp-transport.ts";
import { recordProvisioningSnapshot } from "../operations/record-provisioning-snapshot.ts";
import { mailMeetingInvitationsTask } from "../program-meetings/mail-meeting-invitations.ts";
import { createProviders } from "../providers/registry.ts";
import { deliverNotificationTask } from "../push-notifications/deliver-notification.ts";
import { pruneQuotaRecords } from "../quotas/api-rate-limits.ts";
import { pruneFormSubmissions } from "../submissions/prune-form-submissions.ts";
import { openVault } from "../vault/secret-keys.ts";
import type { TaskPayloads } from "./task-payloads.ts";

/** Recurring work, in crontab form; graphile-worker runs each once across all workers. */
export const schedule =
  "0 * * * * connections:prune_records\n0 * * * * operations:record_provisioning_snapshot\n30 * * * * quotas:prune_records\n45 * * * * submissions:prune_records\n15 * * * * conferencing:renew_watches\n";

/**
 * Tasks that run in a lane of their own, with its own concurrency: they wait on endpoints that
 * applications name, so however slow those are, meeting work never queues behind them.
 */
export const deliveryTasks: readonly (keyof TaskPayloads)[] = ["conferencing:deliver_notification"];

export interface TaskDependencies {
  database: Database;
  logger: Logger;
  config: Config;
}

/** confab's tasks, by name: one handler for every entry of TaskPayloads. */
export function buildTaskList({ database, logger, config }: TaskDependencies): TaskList {
  const db = database.db;
  const vault = openVault(config);
  const providers = createProviders(config, db);
  const conferencing = { db, vault, providers, publicUrl: config.publicUrl, logger };
  const outbox = createOutbox(config.mail, vault);
  const tasks: Record<keyof TaskPayloads, TaskList[string]> = {
    "connections:remove": removeConnectionTask({ db, vault, providers }),
    "quotas:prune_records": async () => {
      logger.debug(await pruneQuotaRecords(db), "quota records pruned");
    },
    "connections:prune_records": async () => {
      logger.debug({ deleted: await pruneConnectionRecords(db) }, "connection records pruned");
    },
    "submissions:prune_records": async () => {
      logger.debug({ pruned: await pruneFormSubmissions(db) }, "form submissions pruned");
    },
    "conferencing:meeting_changed_at_provider": meetingChangedAtProvider(conferencing, logger),
    "conferencing:provision_meeting": provisionMeetingTask(conferencing),
    "conferencing:watch_connection": watchConnectionTask(conferencing),
    "conferencing:renew_watches": async () => {
      logger.debug({ due: await renewDueWatches(db) }, "watches due for renewal");
    },
    "conferencing:watched_meeting_changed": watchedMeetingChangedTask(conferencing),
    "conferencing:resync_watched": resyncWatchedTask(conferencing),
    "conferencing:deliver_notification": deliverNotificationTask({
      db,
      vault,
      providers,
      callbacks: callbackPolicyOf(config, database.connectionString),
    }),
    "mail:send": sendQueuedMailTask({
      db,
      vault,
      transport: config.mail.mode === "smtp" ? createSmtpTransport(config.mail) : undefined,
      messageIdDomain: messageIdDomain(config.publicUrl),
      logger,
    }),
    "program_meetings:mail_invitations": mailMeetingInvitationsTask({
      db,
      outbox,
      publicUrl: config.publicUrl,
    }),
    "alerts:send": sendAlertTask({ db, outbox, publicUrl: config.publicUrl, providers }),
    "operations:record_provisioning_snapshot": async () => {
      logger.debug({ organizations: await recordProvisioningSnapshot(db) }, "snapshot recorded");
    },
  };
  return tasks;
}
