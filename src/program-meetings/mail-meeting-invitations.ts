import type { Task } from "graphile-worker";
import { type Kysely, sql, type Transaction } from "kysely";
import type { ConferencingRequest } from "../conferencing/event-input.ts";
import type { Schema } from "../db/schema.ts";
import type { TaskPayloads } from "../jobs/task-payloads.ts";
import { calendarInvitation, icsFileName } from "../mail/calendar-invitation.ts";
import type { Outbox } from "../mail/outbox.ts";
import { guestInvitationMail } from "../mail/templates/guest-invitation-mail.ts";
import {
  type MeetingMailChange,
  meetingInvitationMail,
} from "../mail/templates/meeting-invitation-mail.ts";
import { guestsOfMeetings } from "./meeting-guests.ts";
import { calendarOrganizer, meetingUid } from "./meeting-on-calendars.ts";
import { repeatingLines, type SeriesRule, seriesDatesText } from "./meeting-series.ts";
import { cancelledStarts, loadSeries, movedOccurrences } from "./series-occurrences.ts";

export interface InvitationMailDependencies {
  db: Kysely<Schema>;
  outbox: Outbox;
  publicUrl: string;
}

interface Recipient {
  email: string;
  name: string;
  timeZone: string | null;
  wantsMail: boolean;
  role: "host" | "alternative_host" | "participant";
  /** The member who made the meeting: the calendar's organizer, whoever hosts at the provider. */
  organizer: boolean;
  /** Someone outside the program, by address only: no account, so no page or sign-in offered. */
  guest: boolean;
}

const roleInWords: Record<Recipient["role"], string> = {
  host: "You host this meeting. Start it from its page in confab.",
  alternative_host:
    "You are an alternative host: sign in to Zoom as your own Zoom user to start it if the host is not there.",
  participant: "Join it with the link.",
};

/**
 * Brings a program meeting's calendar invitations in step with the meeting: a REQUEST to each
 * person on it who does not hold the current one, and a CANCEL to each who was removed, or to
 * everyone once it is cancelled. It runs after every save, cancel and change of conferencing,
 * and is idempotent: the event row is locked, what was sent is recorded per recipient in the
 * same transaction as the mail, and a meeting whose invitation did not change sends nothing.
 * A provider meeting still being made is waited for, so the invitation carries its join link.
 */
export function mailMeetingInvitationsTask(deps: InvitationMailDependencies): Task {
  return async (payload) => {
    const { eventId } = payload as TaskPayloads["program_meetings:mail_invitations"];
    await deps.db.transaction().execute((trx) => mailInvitations(trx, deps, eventId));
  };
}

async function mailInvitations(
  trx: Transaction<Schema>,
  deps: InvitationMailDependencies,
  eventId: string,
) {
  const event = await trx
    .selectFrom("events")
    .innerJoin("programs", "programs.id", "events.program_id")
    .innerJoin("organizations", "organizations.id", "programs.organization_id")
    .leftJoin("meetings", "meetings.event_id", "events.id")
    .select([
      "events.id",
      "events.summary",
      "events.description",
      "events.start_at",
      "events.end_at",
      "events.time_zone",
      "events.meeting_mode_label",
      "events.organizer_id",
      "events.conferencing_state",
      "events.conferencing_request",
      "events.deleted_at",
      "events.calendar_sequence",
      "events.calendar_fingerprint",
      "events.recurrence",
      "events.program_id",
      "programs.name as program_name",
      "organizations.id as organization_id",
      "organizations.name as organization_name",
      "organizations.slug as organization_slug",
      "meetings.join_url",
      "meetings.provider_meeting_id",
    ])
    .where("events.id", "=", eventId)
    .forUpdate("events")
    .executeTakeFirst();
  if (!event) return;
  const cancelled = event.deleted_at !== null;
  // The join link comes with the provider meeting: wait for it rather than invite without it.
  if (!cancelled && event.conferencing_state === "pending") return;

  const recipients = cancelled ? [] : await recipientsOf(trx, event);
  const joinUrl =
    !cancelled && event.provider_meeting_id ? (event.join_url ?? undefined) : undefined;
  const cancelledOccurrences = event.recurrence ? await cancelledStarts(trx, event.id) : [];
  const moved = event.recurrence ? await movedOccurrences(trx, event.id) : [];
  const series = event.recurrence ? await loadSeries(trx, event.id) : undefined;
  const meetingStarts = (series?.occurrences ?? [])
    .filter((o) => o.status !== "cancelled")
    .map((o) => o.startAt);
  const fingerprint = JSON.stringify({
    summary: event.summary,
    description: event.description,
    start: event.start_at.toISOString(),
    end: event.end_at.toISOString(),
    timeZone: event.time_zone,
    recurrence: event.recurrence,
    cancelledOccurrences: cancelledOccurrences.map((d) => d.toISOString()),
    moved: moved.map((m) => [m.scheduledAt, m.startAt, m.durationMinutes]),
    mode: event.meeting_mode_label,
    joinUrl,
    people: recipients.map((r) => [r.email, r.role]).sort(),
    cancelled,
  });
  let sequence = event.calendar_sequence;
  if (fingerprint !== event.calendar_fingerprint) {
    sequence = event.calendar_fingerprint === null ? 0 : event.calendar_sequence + 1;
    await trx
      .updateTable("events")
      .set({ calendar_sequence: sequence, calendar_fingerprint: fingerprint })
      .where("id", "=", event.id)
      .execute();
  }
  const held = await trx
    .selectFrom("meeting_invitation_recipients")
    .selectAll()
    .where("event_id", "=", event.id)
    .execute();
  const host = recipients.find((r) => r.role === "host");
  const organizer = recipients.find((r) => r.organizer) ?? host;
  // The organization's host account hosts without being a member: named by its address.
  const request = event.conferencing_request as ConferencingRequest | null;
  const hostName =
    host?.name || host?.email || (request?.kind === "organization" ? request.host : undefined);
  const common = {
    uid: meetingUid(event.id, deps.publicUrl),
    sequence,
    summary: event.summary,
    description: event.description,
    start: event.start_at,
    end: event.end_at,
    timeZone: event.time_zone,
    organizer: calendarOrganizer(organizer, deps.publicUrl),
    joinUrl,
    location: joinUrl ? undefined : (event.meeting_mode_label ?? undefined),
    stamp: new Date(),
    // A series is one invitation for all its meetings, as it is one meeting at the provider.
    rrule: event.recurrence
      ? repeatingLines(event.recurrence as SeriesRule, event.time_zone, cancelledOccurrences)
      : undefined,
    // Each meeting moved on its own is an exception to the series, under the same UID.
    moved: moved.map((m) => ({
      scheduledAt: m.scheduledAt,
      start: m.startAt,
      end: new Date(m.startAt.getTime() + m.durationMinutes * 60_000),
    })),
  };
  // Guests are told who invited them: the member who made the meeting, even when a mentor hosts.
  const invitedBy = await inviterOf(trx, event.organizer_id);
  const mail = async (recipient: Recipient, change: MeetingMailChange, attendees: Recipient[]) => {
    if (!recipient.wantsMail) return;
    const method = change === "cancelled" ? "CANCEL" : "REQUEST";
    const calendar = {
      method,
      filename: icsFileName(event.summary),
      content: calendarInvitation({
        ...common,
        method,
        attendees: attendees.map((a) => ({ name: a.name, email: a.email, role: a.role })),
      }),
    } as const;
    const kind = change === "cancelled" ? "meeting_cancelled" : "meeting_invitation";
    const to = { email: recipient.email, name: recipient.name || undefined };
    if (recipient.guest) {
      await deps.outbox.queue(trx, {
        kind,
        to,
        organizationId: event.organization_id,
        ...guestInvitationMail({
          change,
          title: event.summary,
          description: event.description,
          start: event.start_at,
          end: event.end_at,
          timeZone: event.time_zone,
          modeLabel: event.meeting_mode_label ?? "Meeting",
          joinUrl,
          invitedBy: invitedBy ?? `A member of ${event.program_name}`,
          programName: event.program_name,
          organizationName: event.organization_name,
          calendar,
        }),
      });
      return;
    }
    await deps.outbox.queue(trx, {
      kind,
      to,
      organizationId: event.organization_id,
      ...meetingInvitationMail({
        change,
        title: event.summary,
        description: event.description,
        start: event.start_at,
        end: event.end_at,
        meetingTimeZone: event.time_zone,
        recipientTimeZone: recipient.timeZone ?? event.time_zone,
        modeLabel: event.meeting_mode_label ?? "Meeting",
        joinUrl,
        hostName: hostName || organizer?.name || organizer?.email || "confab",
        recipientRole: roleInWords[recipient.role],
        programName: event.program_name,
        organizationName: event.organization_name,
        meetingUrl: `${deps.publicUrl}/o/${event.organization_slug}/programs/${event.program_id}/meetings/${event.id}`,
        seriesDates: series
          ? seriesDatesText(series.rule, meetingStarts, recipient.timeZone ?? event.time_zone)
          : undefined,
        calendar,
      }),
    });
  };

  for (const recipient of recipients) {
    const before = held.find((h) => h.email === recipient.email);
    if (before && before.cancelled_at === null && before.sequence_sent === sequence) continue;
    await mail(recipient, before && before.cancelled_at === null ? "updated" : "new", recipients);
    await trx
      .insertInto("meeting_invitation_recipients")
      .values({ event_id: event.id, email: recipient.email, sequence_sent: sequence })
      .onConflict((c) =>
        c
          .columns(["event_id", "email"])
          .doUpdateSet({ sequence_sent: sequence, cancelled_at: null }),
      )
      .execute();
  }
  const removed = held.filter(
    (h) => h.cancelled_at === null && !recipients.some((r) => r.email === h.email),
  );
  const guestNames = (await guestsOfMeetings(trx, [event.id])).get(event.id) ?? [];
  for (const gone of removed) {
    // An address without an account here was a guest: told as one, whatever it was asked.
    const person = await personByEmail(trx, gone.email);
    await mail(
      {
        email: gone.email,
        name: person?.name ?? guestNames.find((g) => g.email === gone.email)?.name ?? "",
        timeZone: person?.time_zone ?? null,
        wantsMail: person?.meeting_mail ?? true,
        role: "participant",
        organizer: false,
        guest: person === undefined,
      },
      "cancelled",
      [],
    );
    await trx
      .updateTable("meeting_invitation_recipients")
      .set({ cancelled_at: sql`now()`, sequence_sent: sequence })
      .where("event_id", "=", event.id)
      .where("email", "=", gone.email)
      .execute();
  }
}

async function recipientsOf(
  trx: Transaction<Schema>,
  event: { id: string; organizer_id: string | null; conferencing_request: unknown },
): Promise<Recipient[]> {
  const request = event.conferencing_request as ConferencingRequest | null;
  const alternatives = new Set(
    request?.kind === "organization" ? request.alternativeHosts.map((e) => e.toLowerCase()) : [],
  );
  const people = await trx
    .selectFrom("users")
    .select(["id", "email", "name", "time_zone", "meeting_mail"])
    .where((eb) =>
      eb.or([
        eb("id", "=", event.organizer_id ?? ""),
        eb(
          "id",
          "in",
          eb.selectFrom("event_invitees").select("user_id").where("event_id", "=", event.id),
        ),
      ]),
    )
    .orderBy("email")
    .execute();
  const hostEmail = request?.kind === "organization" ? request.host.toLowerCase() : undefined;
  const toRecipient = (p: (typeof people)[number]): Recipient => {
    const organizer = p.id === event.organizer_id;
    const email = p.email.toLowerCase();
    // Without a provider the organizer leads the meeting; with one, each is what they are there.
    const role =
      hostEmail === undefined
        ? organizer
          ? "host"
          : "participant"
        : email === hostEmail
          ? "host"
          : alternatives.has(email)
            ? "alternative_host"
            : "participant";
    return {
      email: p.email,
      name: p.name,
      timeZone: p.time_zone,
      wantsMail: p.meeting_mail,
      role,
      organizer,
      guest: false,
    };
  };
  const organizer = people.find((p) => p.id === event.organizer_id);
  const members = [
    ...(organizer ? [toRecipient(organizer)] : []),
    ...people.filter((p) => p.id !== event.organizer_id).map(toRecipient),
  ];
  // Guests join with the link and nothing more: never a host or an alternative host, whatever
  // the provider might say of their address. One who became a member since is mailed as one.
  const guests = ((await guestsOfMeetings(trx, [event.id])).get(event.id) ?? [])
    .filter((g) => !members.some((m) => m.email.toLowerCase() === g.email))
    .map(
      (g): Recipient => ({
        email: g.email,
        name: g.name,
        timeZone: null,
        wantsMail: true,
        role: "participant",
        organizer: false,
        guest: true,
      }),
    );
  return [...members, ...guests];
}

/** The name (else the address) of the member who made the meeting, as guests are told it. */
async function inviterOf(trx: Transaction<Schema>, organizerId: string | null) {
  if (organizerId === null) return undefined;
  const row = await trx
    .selectFrom("users")
    .select(["name", "email"])
    .where("id", "=", organizerId)
    .executeTakeFirst();
  return row ? row.name || row.email : undefined;
}

async function personByEmail(trx: Transaction<Schema>, email: string) {
  return trx
    .selectFrom("users")
    .select(["name", "time_zone", "meeting_mail"])
    .where("email", "=", email)
    .executeTakeFirst();
}
