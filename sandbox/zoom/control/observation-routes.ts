/** Control API: what tests read back — meetings, the call log and webhook deliveries. */
import type { FastifyInstance } from "fastify";
import { meetingView } from "../meetings/meeting-view.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { findUserByEmail } from "../state.ts";

export function registerObservationRoutes(server: FastifyInstance, context: SandboxContext): void {
  const { state } = context;

  server.get<{ Querystring: { host_email?: string } }>("/_sandbox/meetings", async (request) => {
    const email = request.query.host_email;
    const host = email === undefined ? undefined : findUserByEmail(state, email);
    if (email !== undefined && host === undefined) return [];
    return [...state.meetings.values()]
      .filter((meeting) => host === undefined || meeting.host_id === host.id)
      .sort((a, b) => a.created_at - b.created_at || a.id - b.id)
      .flatMap((meeting) => {
        const meetingHost = state.users.get(meeting.host_id);
        return meetingHost === undefined
          ? []
          : [meetingView(meeting, meetingHost, context.baseUrl)];
      });
  });

  server.get("/_sandbox/calls", async () => context.calls.list());

  server.delete("/_sandbox/calls", async (_request, reply) => {
    context.calls.clear();
    return reply.code(204).send();
  });

  server.get("/_sandbox/webhooks", async () => context.webhooks.deliveries());

  server.delete("/_sandbox/webhooks", async (_request, reply) => {
    context.webhooks.clear();
    return reply.code(204).send();
  });
}
