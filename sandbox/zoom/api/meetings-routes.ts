/**
 * The meeting routes: create and list under `/v2/users/{userId}/meetings`,
 * get, update and delete under `/v2/meetings/{meetingId}`, the last three also
 * for one occurrence of a recurring meeting (`?occurrence_id=`). Webhooks about
 * the change go out after the reply, as Zoom's do.
 */
import type { FastifyInstance } from "fastify";
import { createMeeting } from "../meetings/create-meeting.ts";
import { type ListQuery, listMeetings } from "../meetings/list-meetings.ts";
import { joinUrl, meetingView } from "../meetings/meeting-view.ts";
import { deleteOccurrence, findOccurrence } from "../meetings/occurrences.ts";
import { updateMeeting } from "../meetings/update-meeting.ts";
import { updateOccurrence } from "../meetings/update-occurrence.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import {
  meetingCreatedEvent,
  meetingDeletedEvent,
  meetingUpdatedEvent,
} from "../webhooks/meeting-events.ts";
import { notifySubscribers } from "../webhooks/notify-subscribers.ts";
import { authenticateCaller } from "./authenticate-caller.ts";
import { meetingForCaller } from "./meeting-access.ts";
import { userForCaller } from "./user-access.ts";
import { validationFailed } from "./zoom-error.ts";

type UserParams = { Params: { userId: string } };
type MeetingParams = { Params: { meetingId: string } };
type MeetingQuery = { Querystring: Record<string, string | undefined> };

const BOOLEAN_QUERY = /^(true|false)$/;

/** Query flags Zoom takes as `true` or `false`; anything else answers 300 naming them. */
function checkBooleanFlags(query: Record<string, string | undefined>, flags: string[]): void {
  const badFlags = flags.filter(
    (flag) => query[flag] !== undefined && !BOOLEAN_QUERY.test(query[flag] ?? ""),
  );
  if (badFlags.length > 0) {
    throw validationFailed(badFlags.map((field) => ({ field, message: "Invalid field." })));
  }
}

/** `occurrence_id`, when the request names one occurrence of a series. */
function occurrenceIdOf(query: Record<string, string | undefined>): string | undefined {
  const value = query.occurrence_id;
  return value === undefined || value === "" ? undefined : value;
}

export function registerMeetingsRoutes(server: FastifyInstance, context: SandboxContext): void {
  const { state } = context;

  server.post<UserParams>("/v2/users/:userId/meetings", async (request, reply) => {
    const caller = authenticateCaller(context, request, "Medium");
    const pathHost = userForCaller(state, caller, request.params.userId, "create_meeting");
    const { meeting, host } = createMeeting(context, caller, pathHost, request.body);
    const event = meetingCreatedEvent(
      meeting,
      host,
      caller.user,
      joinUrl(meeting, context.baseUrl),
      context.clock.now(),
    );
    void notifySubscribers(context, host, event);
    return reply
      .code(201)
      .header("Content-Location", `${context.baseUrl}/v2/meetings/${meeting.id}`)
      .send(meetingView(meeting, host, context.baseUrl));
  });

  server.get<UserParams & { Querystring: ListQuery }>(
    "/v2/users/:userId/meetings",
    async (request) => {
      const caller = authenticateCaller(context, request, "Medium");
      const host = userForCaller(state, caller, request.params.userId, "list_meetings");
      return listMeetings(context, host, request.query);
    },
  );

  server.get<MeetingParams & MeetingQuery>("/v2/meetings/:meetingId", async (request) => {
    const caller = authenticateCaller(context, request, "Light");
    const { meeting, host } = meetingForCaller(
      state,
      caller,
      request.params.meetingId,
      "read_meeting",
    );
    checkBooleanFlags(request.query, ["show_previous_occurrences"]);
    const occurrenceId = occurrenceIdOf(request.query);
    return meetingView(meeting, host, context.baseUrl, {
      now: context.clock.now(),
      showPrevious: request.query.show_previous_occurrences === "true",
      ...(occurrenceId === undefined ? {} : { occurrence: findOccurrence(meeting, occurrenceId) }),
    });
  });

  server.patch<MeetingParams & MeetingQuery>("/v2/meetings/:meetingId", async (request, reply) => {
    const caller = authenticateCaller(context, request, "Light");
    const { meeting, host } = meetingForCaller(
      state,
      caller,
      request.params.meetingId,
      "update_meeting",
    );
    const occurrenceId = occurrenceIdOf(request.query);
    const { changed, previous } =
      occurrenceId === undefined
        ? updateMeeting(context, meeting, host, request.body)
        : updateOccurrence(context, meeting, host, occurrenceId, request.body);
    if (Object.keys(changed).length > 0) {
      const now = context.clock.now();
      const event = meetingUpdatedEvent(meeting, host, caller.user, changed, previous, now);
      void notifySubscribers(context, host, event);
    }
    return reply.code(204).send();
  });

  server.delete<MeetingParams & MeetingQuery>("/v2/meetings/:meetingId", async (request, reply) => {
    const caller = authenticateCaller(context, request, "Light");
    const { meeting, host } = meetingForCaller(
      state,
      caller,
      request.params.meetingId,
      "delete_meeting",
    );
    checkBooleanFlags(request.query, ["schedule_for_reminder", "cancel_meeting_reminder"]);
    const occurrenceId = occurrenceIdOf(request.query);
    // With an occurrence_id only that occurrence goes; the series and its link stay.
    const occurrence =
      occurrenceId === undefined ? undefined : deleteOccurrence(meeting, occurrenceId);
    if (occurrence === undefined) state.meetings.delete(meeting.id);
    const now = context.clock.now();
    const event = meetingDeletedEvent(meeting, host, caller.user, now, occurrence);
    void notifySubscribers(context, host, event);
    return reply.code(204).send();
  });
}
