import { goneIfNotFound } from "../gone-if-not-found.ts";
import type { AccessContext, MeetingSpec, ProviderMeeting } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import {
  createBody,
  eventPatch,
  markerPropertyId,
  noSeries,
  refuseRecurrence,
} from "./microsoft-event-body.ts";
import { callGraph, type GraphOptions } from "./microsoft-graph.ts";
import type { OutlookRateBudget } from "./microsoft-rate-budget.ts";
import type { WrittenVersions } from "./microsoft-written-versions.ts";

/** The part of an event (resources/event) confab reads. */
interface GraphEvent {
  id: string;
  /** Changes with every change of the event; its notifications' `@odata.etag` carries it. */
  changeKey?: string;
  isOnlineMeeting?: boolean;
  onlineMeetingProvider?: string;
  onlineMeeting?: { joinUrl?: string | null } | null;
  organizer?: { emailAddress?: { address?: string } };
}

/** Only what confab reads of an event, so a reply carries no more of the host's calendar. */
const eventSelect = "id,changeKey,isOnlineMeeting,onlineMeetingProvider,onlineMeeting,organizer";

/**
 * Whose calendar: a personal token writes its own (`/me`), so the host's Outlook shows the
 * event and its Teams Join button; an organization's app token names the host.
 */
function calendarPath(access: AccessContext, host: string): string {
  return access.kind === "personal" ? "/me" : `/users/${encodeURIComponent(host)}`;
}

/** Teams meetings have no passcode of their own in the join link confab hands out. */
function toMeeting(event: GraphEvent, joinUrl: string): ProviderMeeting {
  return {
    id: event.id,
    joinUrl,
    password: undefined,
    hostEmail: event.organizer?.emailAddress?.address,
  };
}

const joinUrlOf = (event: GraphEvent | undefined) => event?.onlineMeeting?.joinUrl || undefined;

export function microsoftMeetings(
  api: GraphOptions,
  budget: OutlookRateBudget,
  versions: WrittenVersions,
) {
  const graph = <T>(
    access: AccessContext,
    host: string,
    call: Parameters<typeof callGraph>[2],
  ): Promise<{ status: number; body: T | undefined }> =>
    budget.run(access, host, () => callGraph<T>(api, access.accessToken, call));

  async function read(access: AccessContext, host: string, eventId: string) {
    const { body } = await graph<GraphEvent>(access, host, {
      method: "GET",
      path: `${calendarPath(access, host)}/events/${encodeURIComponent(eventId)}`,
      query: { $select: eventSelect },
    });
    return body;
  }

  /**
   * The join link of an event just made. Outlook gives the Teams meeting with the created event;
   * where a reply comes without its link (reported right after creation), the event is read once
   * more. An event Outlook made without Teams (the calendar does not allow Teams meetings) is
   * taken away again, and the host is told why.
   */
  async function joinUrlOfNew(access: AccessContext, host: string, event: GraphEvent) {
    const first = joinUrlOf(event);
    if (first) return first;
    if (event.isOnlineMeeting !== false) {
      const again = joinUrlOf(await read(access, host, event.id));
      if (again) return again;
      throw new ProviderError(
        "unavailable",
        "Outlook has not given the new event its Teams meeting yet.",
      );
    }
    await remove(access, host, event.id).catch(() => undefined);
    throw new ProviderError(
      "rejected",
      "Outlook made the event without a Teams meeting: the host's calendar does not allow Teams meetings (no Microsoft Teams licence). Ask your Microsoft 365 admin to assign one.",
      { providerCode: "teams_not_allowed" },
    );
  }

  async function joinDetails(access: AccessContext, meetingId: string) {
    const joinUrl = joinUrlOf(await read(access, hostOf(access), meetingId));
    if (!joinUrl) throw new ProviderError("unavailable", "Outlook gave no Teams join link.");
    // The passcode, where a tenant requires one, is part of the link itself.
    return { joinUrl, password: undefined };
  }

  async function remove(access: AccessContext, host: string, eventId: string) {
    await graph(access, host, {
      method: "DELETE",
      path: `${calendarPath(access, host)}/events/${encodeURIComponent(eventId)}`,
    });
  }

  return {
    async create(access: AccessContext, meeting: MeetingSpec): Promise<ProviderMeeting> {
      refuseRecurrence(meeting);
      const { body } = await graph<GraphEvent>(access, meeting.host, {
        method: "POST",
        path: `${calendarPath(access, meeting.host)}/events`,
        body: createBody(meeting),
      });
      if (!body?.id) {
        throw new ProviderError("ambiguous", "Outlook's reply to a new event had no id.");
      }
      const made = toMeeting(body, await joinUrlOfNew(access, meeting.host, body));
      await versions.remember(body.id, body.changeKey);
      return made;
    },

    async update(
      access: AccessContext,
      meetingId: string,
      meeting: MeetingSpec,
      previous: MeetingSpec,
    ): Promise<boolean> {
      refuseRecurrence(meeting);
      const patch = eventPatch(meeting, previous);
      if (Object.keys(patch).length === 0) return false;
      const { body } = await graph<GraphEvent>(access, meeting.host, {
        method: "PATCH",
        path: `${calendarPath(access, meeting.host)}/events/${encodeURIComponent(meetingId)}`,
        body: patch,
      });
      // The reply is the event as changed (event-update): its changeKey marks this write.
      await versions.remember(meetingId, body?.changeKey);
      return true;
    },

    /**
     * Deleting the organizer's event ends its Teams meeting too. There are no attendees to tell
     * (confab invites them itself), so a delete rather than a cancel.
     */
    async delete(access: AccessContext, meetingId: string): Promise<"deleted" | "gone"> {
      return goneIfNotFound(async () => {
        await remove(access, hostOf(access), meetingId);
        await versions.forget(meetingId);
        return "deleted" as const;
      });
    },

    /** Finds the event carrying `marker` in its extended property: at most one is ever made. */
    async find(
      access: AccessContext,
      host: string,
      marker: string,
    ): Promise<ProviderMeeting | undefined> {
      const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
      const { body } = await graph<{ value?: GraphEvent[] }>(access, host, {
        method: "GET",
        path: `${calendarPath(access, host)}/events`,
        query: {
          $filter: `singleValueExtendedProperties/Any(ep: ep/id eq ${quoted(markerPropertyId)} and ep/value eq ${quoted(marker)})`,
          $select: eventSelect,
        },
      });
      const found = body?.value?.[0];
      if (!found) return undefined;
      const joinUrl = joinUrlOf(found);
      if (!joinUrl) {
        throw new ProviderError(
          "unavailable",
          "Outlook has the event but not its Teams meeting yet.",
        );
      }
      return toMeeting(found, joinUrl);
    },

    /**
     * A Teams organizer joins by the same link as everyone else and is recognised as the host
     * when signed in: there is no separate start link, so this is the join link, read fresh.
     */
    async startUrl(access: AccessContext, meetingId: string): Promise<string> {
      return (await joinDetails(access, meetingId)).joinUrl;
    },

    joinDetails,

    deleteOccurrence: async (): Promise<"deleted" | "gone"> => {
      throw noSeries();
    },
    updateOccurrence: async (): Promise<"updated" | "gone"> => {
      throw noSeries();
    },
    readOccurrences: async () => {
      throw noSeries();
    },
  };
}

/**
 * The mailbox of a call that names only the event: a personal token's own. (An organization's
 * app token will need the host; its connector passes it when organization installs come.)
 */
function hostOf(access: AccessContext): string {
  return access.userEmail ?? "me";
}
