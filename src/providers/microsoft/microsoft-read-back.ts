import type { AccessContext, ProviderMeetingShown } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import { callGraph, type GraphOptions } from "./microsoft-graph.ts";
import type { OutlookRateBudget } from "./microsoft-rate-budget.ts";
import type { DateTimeTimeZone } from "./microsoft-time.ts";

/** Only what a change to the meeting can be compared on: none of the event's body or attendees. */
interface GraphEventTimes {
  subject?: string | null;
  start?: DateTimeTimeZone | null;
  end?: DateTimeTimeZone | null;
}

/**
 * Graph gives an event's times in UTC unless asked otherwise (`Prefer: outlook.timezone`,
 * learn.microsoft.com/graph/api/event-get), as a dateTime without an offset. A time in any other
 * zone is not guessed at.
 */
function instantOf(time: DateTimeTimeZone | null | undefined): Date | undefined {
  if (!time || !/^(utc|etc\/utc|etc\/gmt)$/i.test(time.timeZone)) return undefined;
  const at = Date.parse(`${time.dateTime.slice(0, 23)}Z`);
  return Number.isNaN(at) ? undefined : new Date(at);
}

/**
 * An event confab made, as Outlook has it now: one GET, paced under the mailbox's Outlook budget
 * like every other calendar call. Notifications say only that an event changed, not how.
 */
export async function readMeetingShown(
  api: GraphOptions,
  budget: OutlookRateBudget,
  access: AccessContext,
  meetingId: string,
): Promise<ProviderMeetingShown | "gone"> {
  const host = access.userEmail ?? "me";
  let event: GraphEventTimes | undefined;
  try {
    ({ body: event } = await budget.run(access, host, () =>
      callGraph<GraphEventTimes>(api, access.accessToken, {
        method: "GET",
        path: `/me/events/${encodeURIComponent(meetingId)}`,
        query: { $select: "subject,start,end" },
      }),
    ));
  } catch (error) {
    if (error instanceof ProviderError && error.kind === "not_found") return "gone";
    throw error;
  }
  const start = instantOf(event?.start);
  const end = instantOf(event?.end);
  return {
    startTime: start,
    durationMinutes:
      start && end ? Math.round((end.getTime() - start.getTime()) / 60_000) : undefined,
    topic: typeof event?.subject === "string" ? event.subject : undefined,
  };
}
