import { sql } from "kysely";
import { authorizeOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import { scheduleProvisioning } from "../conferencing/schedule-provisioning.ts";
import { wallClock } from "../conferencing/zoned-time.ts";
import { inTransaction } from "../db/in-transaction.ts";
import { DomainError } from "../domain-error.ts";
import { scheduleInvitationMail } from "../mail/schedule-invitation-mail.ts";
import type { Program } from "../orgs/programs.ts";
import type { Person } from "./hosting-plan.ts";
import type { MeetingDeps } from "./meeting-deps.ts";
import { guestListText } from "./meeting-guests.ts";
import { type RepeatFields, repeatFieldsOf, type SeriesRule } from "./meeting-series.ts";
import { type PreparedMeeting, prepareProgramMeeting } from "./prepare-program-meeting.ts";
import { loadProgramMeeting, type ProgramMeeting, partiesOf } from "./program-meeting.ts";
import { saveProgramMeeting } from "./save-program-meeting.ts";
import { loadSeries, type SeriesOccurrence, scheduledStartOf } from "./series-occurrences.ts";

/** "This and following" as typed: the new series' title, first date, time, length and rule. */
export interface FollowingFields {
  /** Absent from a form without the field: the new series keeps the series' title. */
  title?: string | undefined;
  date: string;
  time: string;
  duration: string;
  repeat: RepeatFields;
}

/** A series about to be split at one of its meetings, checked and ready to save. */
export interface SeriesSplit {
  meeting: ProgramMeeting;
  /** The series as it goes on until the split: the meetings before it only. */
  keptRule: SeriesRule;
  /** The meetings the series keeps, in order; cancelled ones among them. */
  kept: SeriesOccurrence[];
  /** The last meeting the series keeps. */
  lastKept: SeriesOccurrence;
  /** The series as it would have gone on from the split unchanged: what the changes are to. */
  continuing: SeriesRule;
  /** The meeting it splits at: the first the new series replaces. */
  splitAt: SeriesOccurrence;
  /** The new series, from that meeting on, as a meeting of its own. */
  following: PreparedMeeting;
}

/** What "This and following" offers to start from: the series as it goes on from that meeting. */
export function followingFieldsOf(
  meeting: ProgramMeeting,
  rule: SeriesRule,
  occurrences: SeriesOccurrence[],
  occurrence: SeriesOccurrence,
): FollowingFields {
  const { date, time } = wallClock(scheduledStartOf(occurrence.occurrenceId), meeting.timeZone);
  const left = occurrences.length - occurrences.indexOf(occurrence);
  return {
    title: meeting.title,
    date,
    time,
    duration: String(Math.round((meeting.endAt.getTime() - meeting.startAt.getTime()) / 60_000)),
    repeat: repeatFieldsOf(rule.count ? { ...rule, count: left } : rule),
  };
}

/**
 * Checks a split of a series at one of its meetings: the series ends with the meeting before it,
 * and a new series (its own meeting, invitees and mode alike) starts from it with the changes.
 * Nothing is saved.
 */
export async function prepareSeriesSplit(
  deps: MeetingDeps,
  access: OrgAccess,
  program: Program,
  creator: Person,
  meetingId: string,
  occurrenceId: string,
  fields: FollowingFields,
  now = new Date(),
): Promise<SeriesSplit> {
  const meeting = await loadProgramMeeting(deps.db, access, program.id, meetingId);
  authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
  if (meeting.cancelled) throw new DomainError("conflict", "This meeting was cancelled.");
  const series = await loadSeries(deps.db, meeting.id);
  const occurrences = [...(series?.occurrences ?? [])].sort(
    (a, b) => Number(a.occurrenceId) - Number(b.occurrenceId),
  );
  const index = occurrences.findIndex((o) => o.occurrenceId === occurrenceId);
  const splitAt = occurrences[index];
  const lastKept = occurrences[index - 1];
  if (!series || !splitAt) throw new DomainError("not_found", "The series has no such meeting.");
  if (!lastKept) {
    throw new DomainError(
      "conflict",
      "That is the first meeting of the series: change the whole series instead.",
    );
  }
  if (scheduledStartOf(occurrenceId).getTime() <= now.getTime()) {
    throw new DomainError(
      "conflict",
      "That meeting has started: the series can be changed from a later one only.",
    );
  }
  const following = await prepareProgramMeeting(deps, access, program, creator, {
    title: fields.title ?? meeting.title,
    description: meeting.description,
    date: fields.date,
    time: fields.time,
    duration: fields.duration,
    timeZone: meeting.timeZone,
    invitees: meeting.people.filter((p) => p.role !== "host").map((p) => p.userId),
    mode: meeting.modeKey,
    repeat: fields.repeat,
    ...(meeting.guests.length > 0 ? { guests: guestListText(meeting.guests) } : {}),
  });
  const keptEnd = Math.max(...occurrences.slice(0, index).map((o) => o.startAt.getTime()));
  if (following.draft.startAt.getTime() <= keptEnd) {
    throw new DomainError("invalid_input", "Check the new series' first date.", {
      date: `The new series must begin after the last meeting the series keeps, on ${wallClock(new Date(keptEnd), meeting.timeZone).date}.`,
    });
  }
  const { until: _until, ...rule } = series.rule;
  const continuing = series.rule.count
    ? { ...series.rule, count: occurrences.length - index }
    : series.rule;
  return {
    meeting,
    keptRule: { ...rule, count: index },
    kept: occurrences.slice(0, index),
    lastKept,
    continuing,
    splitAt,
    following,
  };
}

/**
 * Saves a split: the series keeps its meetings before the split (and its join link); the new
 * series is a meeting of its own, with its own video meeting and link, that names the series it
 * continues. Both are brought in step at the provider and both invitations are sent again.
 */
export async function saveSeriesSplit(
  deps: MeetingDeps,
  access: OrgAccess,
  program: Program,
  split: SeriesSplit,
): Promise<{ id: string }> {
  const { meeting, keptRule, splitAt } = split;
  return inTransaction(deps.db, async (trx) => {
    const current = await trx
      .selectFrom("events")
      .select(["recurrence", "deleted_at"])
      .where("id", "=", meeting.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.deleted_at !== null || !current.recurrence) {
      throw new DomainError("conflict", "The series changed meanwhile: open it again.");
    }
    // Read under the lock: a second split at the same meeting, sent meanwhile, finds it gone
    // and makes no second series.
    const still = await trx
      .selectFrom("event_occurrences")
      .select("occurrence_id")
      .where("event_id", "=", meeting.id)
      .where("occurrence_id", "=", splitAt.occurrenceId)
      .executeTakeFirst();
    if (!still) {
      throw new DomainError(
        "conflict",
        "The series was already split at this meeting: its new series is linked on its page.",
      );
    }
    await trx
      .updateTable("events")
      .set({
        recurrence: JSON.stringify(keptRule),
        updated_at: sql`now()`,
        revision: sql`revision + 1`,
      })
      .where("id", "=", meeting.id)
      .execute();
    await trx
      .deleteFrom("event_occurrences")
      .where("event_id", "=", meeting.id)
      .where(sql<boolean>`occurrence_id::bigint >= ${Number(splitAt.occurrenceId)}`)
      .execute();
    await scheduleProvisioning(trx, meeting.id);
    await scheduleInvitationMail(trx, meeting.id);
    const saved = await saveProgramMeeting(trx, access, program, split.following);
    await trx
      .updateTable("events")
      .set({ continues_event_id: meeting.id })
      .where("id", "=", saved.id)
      .execute();
    return saved;
  });
}
