/**
 * The meeting routes: create and list under `/v2/users/{userId}/meetings`,
 * get, update and delete under `/v2/meetings/{meetingId}`. Webhooks about the
 * change go out after the reply, as Zoom's do.
 */
import type { FastifyInstance } from "fastify";
import { createMeeting } from "../meetings/create-meeting.ts";
import { type ListQuery, listMeetings } from "../meetings/list-meetings.ts";
import { joinUrl, meetingView } from "../meetings/meeting-view.ts";
import { updateMeeting } from "../meetings/update-meeting.ts";
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

const BOOLEAN_QUERY = /^(true|false)$/;

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

  server.get<MeetingParams>("/v2/meetings/:meetingId", async (request) => {
    const caller = authenticateCaller(context, request, "Light");
    const { meeting, host } = meetingForCaller(
      state,
      caller,
      request.params.meetingId,
      "read_meeting",
    );
    return meetingView(meeting, host, context.baseUrl);
  });

  server.patch<MeetingParams>("/v2/meetings/:meetingId", async (request, reply) => {
    const caller = authenticateCaller(context, request, "Light");
    const { meeting, host } = meetingForCaller(
      state,
      caller,
      request.params.meetingId,
      "update_meeting",
    );
    const { changed, previous } = updateMeeting(context, meeting, host, request.body);
    if (Object.keys(changed).length > 0) {
      const now = context.clock.now();
      const event = meetingUpdatedEvent(meeting, host, caller.user, changed, previous, now);
      void notifySubscribers(context, host, event);
    }
    return reply.code(204).send();
  });

  server.delete<MeetingParams & { Querystring: Record<string, string> }>(
    "/v2/meetings/:meetingId",
    async (request, reply) => {
      const caller = authenticateCaller(context, request, "Light");
      const { meeting, host } = meetingForCaller(
        state,
        caller,
        request.params.meetingId,
        "delete_meeting",
      );
      const badFlags = ["schedule_for_reminder", "cancel_meeting_reminder"].filter(
        (flag) =>
          request.query[flag] !== undefined && !BOOLEAN_QUERY.test(request.query[flag] ?? ""),
      );
      if (badFlags.length > 0) {
        throw validationFailed(badFlags.map((field) => ({ field, message: "Invalid field." })));
      }
      state.meetings.delete(meeting.id);
      const event = meetingDeletedEvent(meeting, host, caller.user, context.clock.now());
      void notifySubscribers(context, host, event);
      return reply.code(204).send();
    },
  );
}
