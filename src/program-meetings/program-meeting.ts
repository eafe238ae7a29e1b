import type { Kysely } from "kysely";
import { canInProgram, canOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import type { ConferencingRequest } from "../conferencing/event-input.ts";
import type { ConferencingState, Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Person } from "./hosting-plan.ts";
import { type Guest, guestsOfMeetings } from "./meeting-guests.ts";
import { type MeetingPolicyShown, policySent } from "./policy-for-meeting.ts";

export type MeetingRole = "host" | "alternative_host" | "participant" | "invitee";

/** A program meeting as its pages show it: who is who, and where its provider meeting stands. */
export interface ProgramMeeting {
  id: string;
  programId: string;
  programName: string;
  title: string;
  description: string;
  startAt: Date;
  endAt: Date;
  timeZone: string;
  modeKey: string;
  modeLabel: string;
  organizer: Person | undefined;
  /** Everyone on the meeting, the organizer first, each with what they are at the provider. */
  people: (Person & { role: MeetingRole })[];
  /** Guests from outside the program, by address: always participants, never confab accounts. */
  guests: Guest[];
  /**
   * Who hosts at the provider when that is not one of the people above: the organization's host
   * account, by email. Undefined when a member hosts, or without a provider.
   */
  hostAccount: string | undefined;
  cancelled: boolean;
  conferencing: {
    state: ConferencingState;
    reason: string | null;
    provider: string | null;
    joinUrl: string | null;
    password: string | null;
    meetingId: string | null;
    /** The provider connection the meeting was made with (to fetch the host's start link). */
    connectionId: string | null;
    /** The meeting policy it was last sent with; undefined when none applies. */
    policy: MeetingPolicyShown | undefined;
  };
}

/** One meeting of the program, if the viewer may see it; else, as far as they know, none. */
export async function loadProgramMeeting(
  db: Kysely<Schema>,
  access: OrgAccess,
  programId: string,
  meetingId: string,
): Promise<ProgramMeeting> {
  const [meeting] = await readMeetings(db, access, { programId, meetingId });
  if (!meeting || !canOnMeeting(access, "meeting.view", partiesOf(meeting))) {
    throw new DomainError("not_found", "There is no such meeting here.");
  }
  return meeting;
}

/**
 * The program's meetings the viewer may see (their own and those they are invited to; all of
 * them for the program's admins), from a day ago on, soonest first; cancelled ones left out.
 */
export async function listProgramMeetings(
  db: Kysely<Schema>,
  access: OrgAccess,
  programId: string,
): Promise<ProgramMeeting[]> {
  const meetings = await readMeetings(db, access, {
    programId,
    endingFrom: new Date(Date.now() - 86_400_000),
    cancelled: false,
  });
  return meetings.filter((m) => canOnMeeting(access, "meeting.view", partiesOf(m)));
}

export function partiesOf(meeting: ProgramMeeting) {
  const organizerId = meeting.organizer?.userId ?? null;
  return {
    programId: meeting.programId,
    organizerId,
    inviteeIds: meeting.people.filter((p) => p.userId !== organizerId).map((p) => p.userId),
    hostId: meeting.people.find((p) => p.role === "host")?.userId ?? null,
  };
}

/** Which of the organization's meetings to read; every bound is optional. */
export interface MeetingFilter {
  /** One program's meetings; without it, the organization's meetings the viewer is on. */
  programId?: string;
  meetingId?: string;
  /** Only those that end at or after this instant. */
  endingFrom?: Date;
  /** Only those that ended before this instant. */
  endedBefore?: Date;
  /** Only those that start before this instant. */
  startingBefore?: Date;
  /** Only cancelled ones (true), or only those still on (false). */
  cancelled?: boolean;
  /** Latest first, for what is past; soonest first otherwise. */
  latestFirst?: boolean;
  limit?: number;
}

/**
 * The meetings of the viewer's organization that match, as the pages show them. Members only
 * read the meetings they are on; a program's admins read all of that program's when they ask for
 * it by program. Callers still ask the policy (`canOnMeeting`) about each one.
 */
export async function readMeetings(
  db: Kysely<Schema>,
  access: OrgAccess,
  filter: MeetingFilter,
): Promise<ProgramMeeting[]> {
  const { programId } = filter;
  let query = db
    .selectFrom("events")
    .innerJoin("programs", "programs.id", "events.program_id")
    .leftJoin("users as organizer", "organizer.id", "events.organizer_id")
    .leftJoin("meetings", "meetings.event_id", "events.id")
    .select([
      "events.id",
      "events.program_id",
      "programs.name as program_name",
      "events.summary",
      "events.description",
      "events.start_at",
      "events.end_at",
      "events.time_zone",
      "events.meeting_mode",
      "events.meeting_mode_label",
      "events.conferencing_request",
      "events.conferencing_state",
      "events.conferencing_reason",
      "events.deleted_at",
      "organizer.id as organizer_id",
      "organizer.email as organizer_email",
      "organizer.name as organizer_name",
      "meetings.provider",
      "meetings.connection_id",
      "meetings.provider_meeting_id",
      "meetings.join_url",
      "meetings.password",
      "meetings.sent",
    ])
    .where("programs.organization_id", "=", access.organization.id)
    .orderBy("events.start_at", filter.latestFirst ? "desc" : "asc")
    .limit(filter.limit ?? 500);
  if (programId !== undefined) query = query.where("events.program_id", "=", programId);
  if (filter.meetingId !== undefined) query = query.where("events.id", "=", filter.meetingId);
  if (filter.endingFrom !== undefined) {
    query = query.where("events.end_at", ">=", filter.endingFrom);
  }
  if (filter.endedBefore !== undefined) {
    query = query.where("events.end_at", "<", filter.endedBefore);
  }
  if (filter.startingBefore !== undefined) {
    query = query.where("events.start_at", "<", filter.startingBefore);
  }
  if (filter.cancelled !== undefined) {
    query = query.where("events.deleted_at", filter.cancelled ? "is not" : "is", null);
  }
  // Members only read the meetings they are on; the program's admins read them all.
  if (programId === undefined || !canInProgram(access, "program.settings.manage", programId)) {
    const userId = access.actor.userId;
    query = query.where((eb) =>
      eb.or([
        eb("events.organizer_id", "=", userId),
        eb.exists(
          eb
            .selectFrom("event_invitees")
            .select("event_invitees.user_id")
            .whereRef("event_invitees.event_id", "=", "events.id")
            .where("event_invitees.user_id", "=", userId),
        ),
      ]),
    );
  }
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const invitees = await db
    .selectFrom("event_invitees")
    .innerJoin("users", "users.id", "event_invitees.user_id")
    .select(["event_invitees.event_id", "users.id", "users.email", "users.name"])
    .where(
      "event_invitees.event_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("users.email")
    .execute();
  const guests = await guestsOfMeetings(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const request = row.conferencing_request as ConferencingRequest | null;
    const alternatives = new Set(
      request?.kind === "organization" ? request.alternativeHosts.map((e) => e.toLowerCase()) : [],
    );
    // A meeting in its creator's own account is hosted by them; everyone else joins there.
    const hostEmail =
      request?.kind === "organization"
        ? request.host.toLowerCase()
        : request?.kind === "member_profile"
          ? row.organizer_email?.toLowerCase()
          : undefined;
    const organizer =
      row.organizer_id && row.organizer_email
        ? { userId: row.organizer_id, email: row.organizer_email, name: row.organizer_name ?? "" }
        : undefined;
    // With a provider, each person is what they are there; without, the organizer leads it.
    const roleOf = (email: string, isOrganizer: boolean): MeetingRole => {
      if (hostEmail === undefined) return isOrganizer ? "host" : "invitee";
      const lower = email.toLowerCase();
      if (lower === hostEmail) return "host";
      return alternatives.has(lower) ? "alternative_host" : "participant";
    };
    const people: ProgramMeeting["people"] = [
      ...(organizer ? [{ ...organizer, role: roleOf(organizer.email, true) }] : []),
      ...invitees
        .filter((i) => i.event_id === row.id && i.id !== organizer?.userId)
        .map((i) => ({
          userId: i.id,
          email: i.email,
          name: i.name,
          role: roleOf(i.email, false),
        })),
    ];
    const hostAccount =
      hostEmail !== undefined && !people.some((p) => p.role === "host") ? hostEmail : undefined;
    // A meeting left to delete once its provider is reachable again is not this meeting's now.
    const onProvider = row.provider_meeting_id !== null && row.conferencing_state !== "none";
    return {
      id: row.id,
      programId: row.program_id ?? programId ?? "",
      programName: row.program_name,
      title: row.summary,
      description: row.description,
      startAt: row.start_at,
      endAt: row.end_at,
      timeZone: row.time_zone,
      modeKey: row.meeting_mode ?? "",
      modeLabel: row.meeting_mode_label ?? "",
      organizer,
      people,
      guests: guests.get(row.id) ?? [],
      hostAccount,
      cancelled: row.deleted_at !== null,
      conferencing: {
        state: row.conferencing_state,
        reason: row.conferencing_reason,
        provider: row.provider,
        joinUrl: onProvider ? row.join_url : null,
        password: row.password,
        meetingId: onProvider ? row.provider_meeting_id : null,
        connectionId: row.connection_id,
        policy: onProvider ? policySent(row.sent) : undefined,
      },
    };
  });
}
