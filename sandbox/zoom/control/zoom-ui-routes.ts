/**
 * Control API: what a person does in Zoom's own interface — removing an app
 * from their account, editing or deleting a meeting, or only one occurrence of
 * a series (`?occurrence_id=`, Zoom's "edit this occurrence") — with the
 * webhooks Zoom sends then. These wait for the deliveries so a test can check
 * them straight away.
 */
import type { FastifyInstance } from "fastify";
import { ControlError, parseControlInput } from "../../common/control-input.ts";
import { ZoomApiError } from "../api/zoom-error.ts";
import { deleteOccurrence } from "../meetings/occurrences.ts";
import { updateMeeting } from "../meetings/update-meeting.ts";
import { updateOccurrence } from "../meetings/update-occurrence.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { findUserByEmail } from "../state.ts";
import { deauthorizeApp } from "../ui/deauthorize-app.ts";
import { meetingDeletedEvent, meetingUpdatedEvent } from "../webhooks/meeting-events.ts";
import { notifySubscribers } from "../webhooks/notify-subscribers.ts";

const deauthorizeSchema = {
  type: "object",
  required: ["client_id", "user_email"],
  additionalProperties: false,
  properties: { client_id: { type: "string" }, user_email: { type: "string" } },
};

export function registerZoomUiRoutes(server: FastifyInstance, context: SandboxContext): void {
  const { state } = context;

  server.post("/_sandbox/deauthorize", async (request) => {
    const input = parseControlInput<{ client_id: string; user_email: string }>(
      deauthorizeSchema,
      request.body,
    );
    const app = state.apps.get(input.client_id);
    if (app === undefined) throw new ControlError(400, `no app with client_id ${input.client_id}`);
    const user = findUserByEmail(state, input.user_email);
    if (user === undefined) throw new ControlError(400, `no user with email ${input.user_email}`);
    const { revokedGrants, webhook } = await deauthorizeApp(context, app, user);
    return { revoked_grants: revokedGrants, webhook };
  });

  function meetingAndHost(meetingId: string) {
    const meeting = state.meetings.get(Number(meetingId));
    const host = meeting && state.users.get(meeting.host_id);
    if (meeting === undefined || host === undefined) {
      throw new ControlError(404, `no meeting with id ${meetingId}`);
    }
    return { meeting, host };
  }

  /** Zoom's UI refuses what the API refuses; the control API says why in its own words. */
  function asZoomUi<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      if (error instanceof ZoomApiError) {
        throw new ControlError(error.status === 404 ? 404 : 400, JSON.stringify(error.body()));
      }
      throw error;
    }
  }

  /** `?occurrence_id=`: the owner changes only that occurrence of the series. */
  const occurrenceOf = (query: unknown) => {
    const value = (query as { occurrence_id?: string } | undefined)?.occurrence_id;
    return value === undefined || value === "" ? undefined : value;
  };

  server.patch<{ Params: { meetingId: string } }>(
    "/_sandbox/meetings/:meetingId",
    async (request) => {
      const { meeting, host } = meetingAndHost(request.params.meetingId);
      const occurrenceId = occurrenceOf(request.query);
      const change = asZoomUi(() =>
        occurrenceId === undefined
          ? updateMeeting(context, meeting, host, request.body, "zoom-ui")
          : updateOccurrence(context, meeting, host, occurrenceId, request.body, "zoom-ui"),
      );
      const now = context.clock.now();
      const event = meetingUpdatedEvent(meeting, host, host, change.changed, change.previous, now);
      const webhooks =
        Object.keys(change.changed).length > 0 ? await notifySubscribers(context, host, event) : [];
      return { ...change, webhooks };
    },
  );

  server.delete<{ Params: { meetingId: string } }>(
    "/_sandbox/meetings/:meetingId",
    async (request) => {
      const { meeting, host } = meetingAndHost(request.params.meetingId);
      const occurrenceId = occurrenceOf(request.query);
      // With an occurrence_id only that occurrence goes; the series and its link stay.
      const occurrence =
        occurrenceId === undefined
          ? undefined
          : asZoomUi(() => deleteOccurrence(meeting, occurrenceId));
      if (occurrence === undefined) state.meetings.delete(meeting.id);
      const event = meetingDeletedEvent(meeting, host, host, context.clock.now(), occurrence);
      const webhooks = await notifySubscribers(context, host, event);
      return {
        deleted: meeting.id,
        ...(occurrence === undefined ? {} : { occurrence_id: occurrence.occurrence_id }),
        webhooks,
      };
    },
  );
}
