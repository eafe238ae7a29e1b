/**
 * Listing a host's meetings (zoom.md item 17), paged with `next_page_token`
 * tokens that expire after 15 minutes. A recurring meeting with a fixed time is
 * listed once, as type 8, as Zoom lists the parent meeting of a series.
 */
import { validationFailed } from "../api/zoom-error.ts";
import { newSecret } from "../identifiers.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { Meeting, User } from "../state.ts";
import { meetingListItem } from "./meeting-view.ts";
import { nextOccurrence } from "./occurrences.ts";

const LIST_TYPES = ["scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings"];
const MAX_PAGE_SIZE = 300;

export interface ListQuery {
  type?: string;
  page_size?: string;
  next_page_token?: string;
}

/** When the meeting is over: for a series, when its next (or last) occurrence is. */
function endsAt(meeting: Meeting, now: number): number {
  const next = meeting.type === 8 ? nextOccurrence(meeting, now) : undefined;
  return next === undefined
    ? meeting.start_time + meeting.duration * 60_000
    : next.start_time + next.duration * 60_000;
}

function startsAt(meeting: Meeting, now: number): number {
  return (
    (meeting.type === 8 ? nextOccurrence(meeting, now)?.start_time : undefined) ??
    meeting.start_time
  );
}

/**
 * Nothing is ever started in the sandbox, so "live" is always empty and
 * "upcoming" means scheduled meetings that have not reached their end time.
 */
function selected(meeting: Meeting, type: string, now: number): boolean {
  if (meeting.type === 1) return false;
  if (type === "scheduled") return true;
  if (type === "upcoming" || type === "upcoming_meetings") return endsAt(meeting, now) > now;
  if (type === "previous_meetings") return endsAt(meeting, now) <= now;
  return false;
}

function pageSize(given: string | undefined): number {
  if (given === undefined || given === "") return 30;
  if (!/^\d+$/.test(given))
    throw validationFailed([{ field: "page_size", message: "Invalid field." }]);
  // Zoom documents 300 as the maximum; larger requests are served 300 at a time.
  return Math.min(Math.max(Number(given), 1), MAX_PAGE_SIZE);
}

export function listMeetings(context: SandboxContext, host: User, query: ListQuery) {
  const type = query.type === undefined || query.type === "" ? "scheduled" : query.type;
  if (!LIST_TYPES.includes(type)) {
    throw validationFailed([{ field: "type", message: "Invalid field." }]);
  }
  const size = pageSize(query.page_size);
  const now = context.clock.now();
  const key = `${host.id}|${type}|${size}`;
  let offset = 0;
  if (query.next_page_token !== undefined && query.next_page_token !== "") {
    const cursor = context.state.pageCursors.get(query.next_page_token);
    if (cursor === undefined || cursor.key !== key || cursor.expires_at <= now) {
      throw validationFailed([{ field: "next_page_token", message: "Invalid field." }]);
    }
    offset = cursor.offset;
  }
  const meetings = [...context.state.meetings.values()]
    .filter((meeting) => meeting.host_id === host.id && selected(meeting, type, now))
    .sort((a, b) => startsAt(a, now) - startsAt(b, now) || a.id - b.id);
  const page = meetings.slice(offset, offset + size);
  let nextPageToken = "";
  if (offset + size < meetings.length) {
    nextPageToken = newSecret(24);
    context.state.pageCursors.set(nextPageToken, {
      token: nextPageToken,
      key,
      offset: offset + size,
      expires_at: now + context.settings.pageTokenLifetimeSeconds * 1000,
    });
  }
  return {
    page_size: size,
    total_records: meetings.length,
    next_page_token: nextPageToken,
    meetings: page.map((meeting) => meetingListItem(meeting, context.baseUrl, now)),
  };
}
