import type { Kysely } from "kysely";
import type { CalendarCaller } from "../calendars/api-tokens.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Providers } from "../providers/registry.ts";
import type { Vault } from "../vault/vault.ts";
import { isTimeZone } from "./event-input.ts";
import { readEventTime } from "./event-times.ts";
import { eventView } from "./event-view.ts";
import { openLink, sealLink } from "./sealed-link.ts";
import { offsetAt } from "./zoned-time.ts";

export interface ReadEventsQuery {
  from?: string;
  to?: string;
  tzid?: string;
  include_managed?: boolean;
  only_managed?: boolean;
  include_deleted?: boolean;
  last_modified?: string;
  calendar_ids?: string[];
}

const pageSize = 50;

/**
 * The caller's events that start before `to` and end on or after `from`, in pages. As in
 * Cronofy, events the application manages through the API are only included with
 * `include_managed=true` (or `only_managed=true`), every event in confab is such an event, and
 * managed events know no default window: without `from` and `to` a read spans all of time.
 */
export async function readEvents(
  db: Kysely<Schema>,
  providers: Providers,
  caller: CalendarCaller,
  query: ReadEventsQuery,
  page: number,
  nextPageUrl: (query: ReadEventsQuery, page: number) => string,
) {
  const tzid = query.tzid ?? "Etc/UTC";
  const problems: Record<string, string> = {};
  if (!isTimeZone(tzid)) problems.tzid = `"${tzid}" is not a known IANA time zone.`;
  const from = query.from ? instantOf(query.from, tzid, "from", problems) : undefined;
  const to = query.to ? instantOf(query.to, tzid, "to", problems) : undefined;
  const lastModified = query.last_modified
    ? instantOf(query.last_modified, tzid, "last_modified", problems)
    : undefined;
  if (Object.keys(problems).length > 0) {
    throw new DomainError("unprocessable", "The query is not valid.", problems);
  }
  const wanted =
    (query.include_managed === true || query.only_managed === true) &&
    (query.calendar_ids === undefined ||
      query.calendar_ids.length === 0 ||
      query.calendar_ids.includes(caller.calendarId));
  if (!wanted) return { pages: { current: 1, total: 1 }, events: [] };

  let base = db.selectFrom("events").where("calendar_id", "=", caller.calendarId);
  if (to) base = base.where("start_at", "<", to);
  if (from) base = base.where("end_at", ">=", from);
  if (lastModified) base = base.where("updated_at", ">=", lastModified);
  if (!query.include_deleted) base = base.where("deleted_at", "is", null);
  const { count } = await base
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .executeTakeFirstOrThrow();
  const total = Math.max(1, Math.ceil(Number(count) / pageSize));
  const rows = await base
    .selectAll()
    .orderBy("start_at")
    .orderBy("id")
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const meetings = rows.length
    ? await db
        .selectFrom("meetings")
        .selectAll()
        .where(
          "event_id",
          "in",
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  const byEvent = new Map(meetings.map((m) => [m.event_id, m]));
  const pages: { current: number; total: number; next_page?: string } = { current: page, total };
  if (page < total) {
    pages.next_page = nextPageUrl(query, page + 1);
  }
  return { pages, events: rows.map((row) => eventView(row, byEvent.get(row.id), providers)) };
}

const cursorPurpose = "events.page_cursor";
/** The last page a cursor may name: far past any calendar's events at 50 a page. */
const lastPage = 10_000;

/**
 * A next_page cursor: the query and the page, sealed by the vault for the calendar that read
 * them, so a cursor cannot be made up, edited (a page of 1e300) or used by another calendar.
 */
export function sealCursor(
  vault: Vault,
  sub: string,
  query: ReadEventsQuery,
  page: number,
): string {
  return sealLink(
    vault,
    cursorPurpose,
    { sub, query: JSON.stringify(query), page: String(page) },
    24 * 3600_000,
  );
}

/** The query a next_page cursor stands for, if it is one this calendar was given. */
export function readCursor(
  vault: Vault,
  sub: string,
  cursor: string,
): { query: ReadEventsQuery; page: number } {
  const missing = () => new DomainError("not_found", "There is no such page of events.");
  let claims: Record<string, string>;
  try {
    claims = openLink(vault, cursorPurpose, cursor);
  } catch {
    throw missing();
  }
  const page = Number(claims.page);
  if (claims.sub !== sub || !Number.isInteger(page) || page < 1 || page > lastPage) throw missing();
  return { query: JSON.parse(claims.query ?? "{}") as ReadEventsQuery, page };
}

/** A date (midnight in `tzid`) or a full ISO time. */
function instantOf(value: string, tzid: string, field: string, problems: Record<string, string>) {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) {
    const guess = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    const first = guess - offsetOf(guess, tzid);
    return new Date(guess - offsetOf(first, tzid));
  }
  const read = readEventTime(value, isTimeZone(tzid) ? tzid : "Etc/UTC");
  if (typeof read === "string" || read.kind !== "time") {
    problems[field] = "Give a date (YYYY-MM-DD) or an ISO 8601 time (2030-05-01T09:00:00Z).";
    return new Date(Number.NaN);
  }
  return read.instant;
}

/** How far `tzid`'s wall clock is ahead of UTC at `instant`, in milliseconds (0 for no zone). */
function offsetOf(instant: number, tzid: string): number {
  return isTimeZone(tzid) ? offsetAt(new Date(instant), tzid) : 0;
}
