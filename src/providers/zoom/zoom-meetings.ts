import { goneIfNotFound } from "../gone-if-not-found.ts";
import type {
  AccessContext,
  MeetingSpec,
  ProviderMeeting,
  ProviderOccurrence,
} from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import { callZoom, type ZoomApiOptions } from "./zoom-api.ts";
import { createBody, hasMarker, meetingPatch, occurrencePatch } from "./zoom-meeting-body.ts";
import type { ZoomRateBudget } from "./zoom-rate-budget.ts";

interface ZoomMeetingReply {
  id: string;
  join_url: string;
  password?: string;
  host_email?: string;
  start_url?: string;
  agenda?: string;
  /** A series' (type 8): each occurrence with its id, start and length. */
  occurrences?: {
    occurrence_id: string;
    start_time: string;
    duration: number;
    /** "available", or "deleted" for one deleted on its own (it stays listed). */
    status?: string;
  }[];
}

interface ZoomMeetingList {
  next_page_token?: string;
  meetings: ZoomMeetingReply[];
}

function toMeeting(reply: ZoomMeetingReply): ProviderMeeting {
  return {
    id: String(reply.id),
    joinUrl: reply.join_url,
    password: reply.password || undefined,
    hostEmail: reply.host_email,
    ...(reply.occurrences
      ? {
          occurrences: reply.occurrences
            .filter((o) => o.status !== "deleted")
            .map((o) => ({
              id: String(o.occurrence_id),
              startTime: new Date(o.start_time),
              durationMinutes: o.duration,
            })),
        }
      : {}),
  };
}

/** The Zoom user a call acts for: a personal token acts for itself; an org token names the host. */
function userPath(access: AccessContext, host: string): string {
  return access.kind === "personal" ? "me" : encodeURIComponent(host);
}

/**
 * Whose daily meeting budget a write spends: Zoom counts per user, so a personal token's "me" is
 * that user by name (two people's own profiles on one account each have their own 100).
 */
function budgetHost(access: AccessContext, host: string): string {
  return access.kind === "personal" && access.userEmail ? access.userEmail : host;
}

/** A meeting write, counted against the host's day unless Zoom answered that it did not do it. */
async function meetingWrite<T>(
  budget: ZoomRateBudget,
  access: AccessContext,
  host: string,
  write: () => Promise<T>,
): Promise<T> {
  await budget.take(access.accountKey, "medium", budgetHost(access, host));
  try {
    return await write();
  } catch (error) {
    const refused =
      error instanceof ProviderError && error.kind !== "ambiguous" && (error.status ?? 0) >= 400;
    if (refused) await budget.giveBack(access.accountKey, budgetHost(access, host));
    throw error;
  }
}

export function zoomMeetings(api: ZoomApiOptions, budget: ZoomRateBudget) {
  return {
    async create(access: AccessContext, meeting: MeetingSpec): Promise<ProviderMeeting> {
      const { body } = await meetingWrite(budget, access, meeting.host, () =>
        callZoom<ZoomMeetingReply>(api, access.accessToken, {
          method: "POST",
          path: `/users/${userPath(access, meeting.host)}/meetings`,
          body: createBody(meeting),
        }),
      );
      if (!body?.id || !body.join_url) {
        throw new ProviderError(
          "ambiguous",
          "Zoom's reply to a new meeting had no id or join link.",
        );
      }
      return toMeeting(body);
    },

    async update(
      access: AccessContext,
      meetingId: string,
      meeting: MeetingSpec,
      previous: MeetingSpec,
    ): Promise<boolean> {
      const patch = meetingPatch(meeting, previous);
      if (Object.keys(patch).length === 0) return false;
      await meetingWrite(budget, access, meeting.host, () =>
        callZoom(api, access.accessToken, {
          method: "PATCH",
          path: `/meetings/${encodeURIComponent(meetingId)}`,
          body: patch,
        }),
      );
      return true;
    },

    async delete(access: AccessContext, meetingId: string): Promise<"deleted" | "gone"> {
      await budget.take(access.accountKey, "medium");
      return goneIfNotFound(async () => {
        await callZoom(api, access.accessToken, {
          method: "DELETE",
          path: `/meetings/${encodeURIComponent(meetingId)}`,
          query: { schedule_for_reminder: "false", cancel_meeting_reminder: "false" },
        });
        return "deleted" as const;
      });
    },

    /** One occurrence of a series: Zoom keeps it listed as deleted, the series and link go on. */
    async deleteOccurrence(
      access: AccessContext,
      meetingId: string,
      occurrenceId: string,
    ): Promise<"deleted" | "gone"> {
      await budget.take(access.accountKey, "medium");
      return goneIfNotFound(async () => {
        await callZoom(api, access.accessToken, {
          method: "DELETE",
          path: `/meetings/${encodeURIComponent(meetingId)}`,
          query: {
            occurrence_id: occurrenceId,
            schedule_for_reminder: "false",
            cancel_meeting_reminder: "false",
          },
        });
        return "deleted" as const;
      });
    },

    /**
     * One occurrence moved on its own (`PATCH ?occurrence_id=`): only its start and length are
     * sent, since Zoom refuses the series' fields there; it keeps its id.
     */
    async updateOccurrence(
      access: AccessContext,
      meetingId: string,
      host: string,
      occurrence: ProviderOccurrence,
    ): Promise<"updated" | "gone"> {
      // An occurrence Zoom no longer has (over, or scheduled anew) is not the series gone.
      return goneIfNotFound(async () => {
        await meetingWrite(budget, access, host, () =>
          callZoom(api, access.accessToken, {
            method: "PATCH",
            path: `/meetings/${encodeURIComponent(meetingId)}`,
            query: { occurrence_id: occurrence.id },
            body: occurrencePatch(occurrence),
          }),
        );
        return "updated" as const;
      });
    },

    async readOccurrences(access: AccessContext, meetingId: string): Promise<ProviderOccurrence[]> {
      const body = await read(access, meetingId);
      return body ? (toMeeting(body).occurrences ?? []) : [];
    },

    /** Looks through the host's upcoming meetings for the one carrying `marker`. */
    async find(
      access: AccessContext,
      host: string,
      marker: string,
    ): Promise<ProviderMeeting | undefined> {
      let pageToken: string | undefined;
      for (let page = 0; page < 20; page++) {
        await budget.take(access.accountKey, "medium");
        const { body } = await callZoom<ZoomMeetingList>(api, access.accessToken, {
          method: "GET",
          path: `/users/${userPath(access, host)}/meetings`,
          query: {
            type: "upcoming",
            page_size: "300",
            ...(pageToken ? { next_page_token: pageToken } : {}),
          },
        });
        const found = body?.meetings.find((m) => hasMarker(m.agenda, marker));
        if (found) return toMeeting(found);
        pageToken = body?.next_page_token || undefined;
        if (!pageToken) return undefined;
      }
      return undefined;
    },

    async startUrl(access: AccessContext, meetingId: string): Promise<string> {
      const body = await read(access, meetingId);
      if (!body?.start_url) throw new ProviderError("unavailable", "Zoom gave no start link.");
      return body.start_url;
    },

    async joinDetails(access: AccessContext, meetingId: string) {
      const body = await read(access, meetingId);
      if (!body?.join_url) throw new ProviderError("unavailable", "Zoom gave no join link.");
      return { joinUrl: body.join_url, password: body.password || undefined };
    },
  };

  async function read(access: AccessContext, meetingId: string) {
    await budget.take(access.accountKey, "light");
    const { body } = await callZoom<ZoomMeetingReply>(api, access.accessToken, {
      method: "GET",
      path: `/meetings/${encodeURIComponent(meetingId)}`,
    });
    return body;
  }
}
