/**
 * Listing a host's meetings (zoom.md item 17), paged with `next_page_token`
 * tokens that expire after 15 minutes.
 */
import { validationFailed } from "../api/zoom-error.ts";
import { newSecret } from "../identifiers.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { Meeting, User } from "../state.ts";
import { meetingListItem } from "./meeting-view.ts";

const LIST_TYPES = ["scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings"];
const MAX_PAGE_SIZE = 300;

export interface ListQuery {
  type?: string;
  page_size?: string;
  next_page_token?: string;
}

function endsAt(meeting: Meeting): number {
  return meeting.start_time + meeting.duration * 60_000;
}

/**
 * Nothing is ever started in the sandbox, so "live" is always empty and
 * "upcoming" means scheduled meetings that have not reached their end time.
 */
function selected(meeting: Meeting, type: string, now: number): boolean {
  if (meeting.type === 1) return false;
  if (type === "scheduled") return true;
  if (type === "upcoming" || type === "upcoming_meetings") return endsAt(meeting) > now;
  if (type === "previous_meetings") return endsAt(meeting) <= now;
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
    .sort((a, b) => a.start_time - b.start_time || a.id - b.id);
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
    meetings: page.map((meeting) => meetingListItem(meeting, context.baseUrl)),
  };
}
