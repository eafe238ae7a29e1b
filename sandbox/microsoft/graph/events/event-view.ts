/**
 * An event as Graph answers it (learn.microsoft.com/graph/api/resources/event): times in UTC
 * with the zones they were sent in kept as `originalStartTimeZone`/`originalEndTimeZone`,
 * `onlineMeeting` (an onlineMeetingInfo: joinUrl, conferenceId, tollNumber…) only for an online
 * event, and `transactionId` only when the client set one.
 */
import type { DirectoryUser } from "../graph-caller.ts";
import type { StoredEvent } from "../graph-data.ts";
import { graphUtcDateTime, isoInstant } from "../graph-time.ts";
import { joinUrl } from "../teams-meeting.ts";

export function eventView(event: StoredEvent, organizer: DirectoryUser, baseUrl: string) {
  const organizerAddress = organizer.mail ?? organizer.userPrincipalName;
  return {
    "@odata.etag": `W/"${event.changeKey}"`,
    id: event.id,
    createdDateTime: isoInstant(event.createdAt),
    lastModifiedDateTime: isoInstant(event.modifiedAt),
    changeKey: event.changeKey,
    categories: [],
    transactionId: event.transactionId,
    originalStartTimeZone: event.originalStartTimeZone,
    originalEndTimeZone: event.originalEndTimeZone,
    iCalUId: event.iCalUId,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: event.subject,
    bodyPreview: event.body.content.replace(/<[^>]*>/g, "").slice(0, 255),
    importance: "normal",
    sensitivity: "normal",
    isAllDay: false,
    isCancelled: event.isCancelled,
    isOrganizer: true,
    responseRequested: true,
    seriesMasterId: null,
    showAs: "busy",
    type: "singleInstance",
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(event.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: event.isOnlineMeeting,
    onlineMeetingProvider: event.onlineMeetingProvider,
    allowNewTimeProposals: event.allowNewTimeProposals,
    body: event.body,
    start: { dateTime: graphUtcDateTime(event.startInstant), timeZone: "UTC" },
    end: { dateTime: graphUtcDateTime(event.endInstant), timeZone: "UTC" },
    location: { displayName: event.location, locationType: "default" },
    locations: event.location === "" ? [] : [{ displayName: event.location }],
    recurrence: null,
    attendees: event.attendees.map((attendee) => ({
      type: attendee.type,
      status: { response: "none", time: "0001-01-01T00:00:00Z" },
      emailAddress: { name: attendee.name, address: attendee.address },
    })),
    organizer: { emailAddress: { name: organizer.displayName, address: organizerAddress } },
    onlineMeeting:
      event.teams === null
        ? null
        : {
            joinUrl: joinUrl(baseUrl, event.teams, event.tenantId),
            conferenceId: event.teams.conferenceId,
            tollNumber: event.teams.tollNumber,
            tollFreeNumbers: [],
            phones: [{ number: event.teams.tollNumber, type: "home" }],
            quickDial: `${event.teams.tollNumber},,${event.teams.conferenceId}#`,
          },
  };
}
