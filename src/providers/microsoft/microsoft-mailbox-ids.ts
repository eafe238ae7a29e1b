import type { AccessContext, MeetingSpec, ProviderMeeting } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import type { microsoftMeetings } from "./microsoft-meetings.ts";

type Meetings = ReturnType<typeof microsoftMeetings>;

/**
 * An organization's app-only token reaches every host's mailbox, and Graph names an event only
 * within its mailbox (`/users/{host}/events/{id}`), while the core names a meeting by its id
 * alone when it deletes it or reads its link. So a meeting made with an organization install is
 * known by the event's own path: the mailbox, then Outlook's id. A personal meeting keeps
 * Outlook's id: its token has one mailbox.
 */
export function organizationMeetingId(mailbox: string, eventId: string): string {
  return `users/${mailbox}/events/${eventId}`;
}

const meetingIdPattern = /^users\/([^/]+)\/events\/(.+)$/s;

/** The access and Outlook id a call about `meetingId` uses: an organization's names its mailbox. */
export function inMailbox(access: AccessContext, meetingId: string) {
  if (access.kind === "personal") return { access, eventId: meetingId, mailbox: undefined };
  const match = meetingIdPattern.exec(meetingId);
  if (!match) {
    throw new ProviderError(
      "not_found",
      "confab does not know which Outlook calendar holds this meeting.",
    );
  }
  const mailbox = match[1] as string;
  return { access: { ...access, userEmail: mailbox }, eventId: match[2] as string, mailbox };
}

/** Calls of an organization install name the mailbox their meeting lives in (see above). */
export function withMailboxIds(meetings: Meetings): Meetings {
  const named = (access: AccessContext, meeting: ProviderMeeting, host: string) =>
    access.kind === "personal"
      ? meeting
      : { ...meeting, id: organizationMeetingId(host, meeting.id) };
  const hostedIn = (meeting: MeetingSpec, mailbox: string | undefined) =>
    mailbox === undefined ? meeting : { ...meeting, host: mailbox };
  return {
    ...meetings,
    async create(access, meeting) {
      return named(access, await meetings.create(access, meeting), meeting.host);
    },
    update(access, meetingId, meeting, previous) {
      const at = inMailbox(access, meetingId);
      return meetings.update(
        at.access,
        at.eventId,
        hostedIn(meeting, at.mailbox),
        hostedIn(previous, at.mailbox),
      );
    },
    delete(access, meetingId) {
      const at = inMailbox(access, meetingId);
      return meetings.delete(at.access, at.eventId);
    },
    async find(access, host, marker) {
      const found = await meetings.find(access, host, marker);
      return found && named(access, found, host);
    },
    startUrl(access, meetingId) {
      const at = inMailbox(access, meetingId);
      return meetings.startUrl(at.access, at.eventId);
    },
    joinDetails(access, meetingId) {
      const at = inMailbox(access, meetingId);
      return meetings.joinDetails(at.access, at.eventId);
    },
  };
}
