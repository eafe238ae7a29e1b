import type { Kysely } from "kysely";
import { canOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { type ProgramMeeting, partiesOf, readMeetings } from "./program-meeting.ts";

/** A meeting a series was split from or into, as far as the viewer may see it. */
export interface SeriesLink {
  meetingId: string;
  title: string;
  /** Where the later series takes over: its first meeting. */
  from: Date;
  cancelled: boolean;
}

/**
 * What "This and following" joined the meeting to (events.continues_event_id): the series it
 * continues, and those that continue it, soonest first (a series split twice has two).
 */
export interface SeriesLinks {
  continues: SeriesLink | undefined;
  continuedAs: SeriesLink[];
}

/**
 * The meeting's links to the series it was split from or into. One the viewer may not see (they
 * were taken off it since) is left out, so no title is shown to someone not on the meeting.
 */
export async function seriesLinks(
  db: Kysely<Schema>,
  access: OrgAccess,
  meeting: ProgramMeeting,
): Promise<SeriesLinks> {
  const [own] = await db
    .selectFrom("events")
    .select("continues_event_id")
    .where("id", "=", meeting.id)
    .execute();
  const later = await db
    .selectFrom("events")
    .select("id")
    .where("continues_event_id", "=", meeting.id)
    // A continuation begins after the series' first meeting: the program's index by start finds it.
    .where("program_id", "=", meeting.programId)
    .where("start_at", ">", meeting.startAt)
    .execute();
  const earlier = own?.continues_event_id
    ? await visible(db, access, meeting.programId, own.continues_event_id)
    : undefined;
  const continuedAs: SeriesLink[] = [];
  for (const { id } of later) {
    const next = await visible(db, access, meeting.programId, id);
    if (next) continuedAs.push(linkTo(next, next.startAt));
  }
  return {
    continues: earlier ? linkTo(earlier, meeting.startAt) : undefined,
    continuedAs: continuedAs.sort((a, b) => a.from.getTime() - b.from.getTime()),
  };
}

async function visible(db: Kysely<Schema>, access: OrgAccess, programId: string, id: string) {
  const [found] = await readMeetings(db, access, { programId, meetingId: id });
  return found && canOnMeeting(access, "meeting.view", partiesOf(found)) ? found : undefined;
}

function linkTo(meeting: ProgramMeeting, from: Date): SeriesLink {
  return { meetingId: meeting.id, title: meeting.title, from, cancelled: meeting.cancelled };
}
