import type { MeetingSpec } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import { type DateTimeTimeZone, graphDateTime } from "./microsoft-time.ts";

/** Outlook keeps a subject of up to 255 characters. */
const subjectLimit = 255;

/**
 * The extended property that names the confab event on the Outlook event: Graph documents a
 * `$filter` on a string extended property's id and value for events
 * (learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get), and none on
 * `transactionId`, so this is how the event is found again after a create whose answer was lost.
 * The GUID is confab's own property set; the name is case-sensitive in filters.
 */
export const markerPropertyId = "String {6f1d5c2a-8e4b-4c1f-9a7d-3b2e0c9f5a61} Name confabMarker";

/**
 * Graph's `transactionId` "to avoid redundant POST operations in case of client retries"
 * (resources/event): the same marker always gives the same one, so a create retried after a
 * lost answer gives back the event made the first time.
 */
export function transactionIdOf(marker: string): string {
  return `confab-${marker}`;
}

/** Series are not made in Microsoft Teams yet: said as a refusal the person can act on. */
export function refuseRecurrence(meeting: MeetingSpec): void {
  if (meeting.recurrence) throw noSeries();
}

export function noSeries(): ProviderError {
  return new ProviderError(
    "rejected",
    "Microsoft Teams meetings cannot repeat in confab yet: make single meetings",
    { providerCode: "recurrence_unsupported" },
  );
}

/** The fields Outlook shows that confab sets, as Graph's event names them. */
export function eventFields(meeting: MeetingSpec) {
  const end = new Date(meeting.startTime.getTime() + meeting.durationMinutes * 60_000);
  return {
    subject:
      meeting.topic.length > subjectLimit
        ? `${meeting.topic.slice(0, subjectLimit - 1)}…`
        : meeting.topic,
    body: { contentType: "text" as const, content: meeting.agenda },
    start: graphDateTime(meeting.startTime, meeting.timeZone),
    end: graphDateTime(end, meeting.timeZone),
  };
}

export function createBody(meeting: MeetingSpec) {
  return {
    ...eventFields(meeting),
    // The Teams meeting behind the event: Outlook shows its Join button to the host.
    isOnlineMeeting: true,
    onlineMeetingProvider: "teamsForBusiness",
    // confab owns the time: it follows the scheduling app's event, not proposals in Outlook.
    allowNewTimeProposals: false,
    // No attendees: confab mails its own invitations, and Outlook would send a second set.
    transactionId: transactionIdOf(meeting.marker),
    singleValueExtendedProperties: [{ id: markerPropertyId, value: meeting.marker }],
  };
}

const sameTime = (a: DateTimeTimeZone, b: DateTimeTimeZone) =>
  a.dateTime === b.dateTime && a.timeZone === b.timeZone;

/**
 * What to send to bring Outlook from `previous` to `next`: only the fields that differ, so an
 * update that changes nothing Outlook shows costs no call. A moved meeting sends its start and
 * end together, each read in the zone sent with it.
 */
export function eventPatch(next: MeetingSpec, previous: MeetingSpec): Record<string, unknown> {
  const after = eventFields(next);
  const before = eventFields(previous);
  const patch: Record<string, unknown> = {};
  if (after.subject !== before.subject) patch.subject = after.subject;
  if (after.body.content !== before.body.content) patch.body = after.body;
  if (!sameTime(after.start, before.start) || !sameTime(after.end, before.end)) {
    patch.start = after.start;
    patch.end = after.end;
  }
  return patch;
}
