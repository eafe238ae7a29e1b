/**
 * The landing page behind a Teams join link (`{baseUrl}/teams/l/meetup-join/{thread}/0`). No
 * meeting is ever held; the page says which meeting the link opens, escaped.
 */
import type { FastifyInstance } from "fastify";
import { escapeHtml } from "../../common/escape-html.ts";
import type { GraphContext } from "./graph-context.ts";
import type { TeamsMeeting } from "./graph-data.ts";

function page(status: string, title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><small>${escapeHtml(status)}</small></p></main></body></html>`;
}

export function registerJoinPageRoutes(server: FastifyInstance, context: GraphContext): void {
  server.get<{ Params: { thread: string } }>(
    "/teams/l/meetup-join/:thread/:index",
    (request, reply) => {
      const thread = request.params.thread;
      const meetings: TeamsMeeting[] = [
        ...context.data.events.flatMap((event) => (event.teams === null ? [] : [event.teams])),
        ...context.data.onlineMeetings.map((meeting) => meeting.teams),
      ];
      const meeting = meetings.find((candidate) => candidate.threadId === thread);
      reply.type("text/html; charset=utf-8");
      if (meeting === undefined) {
        return reply
          .code(404)
          .send(
            page(
              "Microsoft Teams",
              "This meeting link is not valid",
              "Check the link and try again.",
            ),
          );
      }
      const subject = meeting.subject === "" ? "Teams meeting" : meeting.subject;
      return reply.send(
        page(
          "Microsoft Teams",
          subject,
          `You are joining the Teams meeting "${subject}" (conference id ${meeting.conferenceId}).`,
        ),
      );
    },
  );
}
