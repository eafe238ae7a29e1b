import type { FastifyInstance } from "fastify";
import { meetingCalendarFile } from "../../calendar-feed/meeting-event.ts";
import { loadProgram } from "../../orgs/programs.ts";
import { loadProgramMeeting } from "../../program-meetings/program-meeting.ts";
import { requireOrgAccess, type WebContext } from "../web-context.ts";

/**
 * "Add to calendar" on a meeting's page: the meeting as an .ics file, for whoever may see the
 * page. It is published (METHOD:PUBLISH), not an invitation, and has the mailed invitations'
 * UID and SEQUENCE, so a calendar that holds either keeps one copy.
 */
export function meetingCalendarPages(app: FastifyInstance, context: WebContext) {
  app.get(
    "/o/:org/programs/:programId/meetings/:meetingId/invitation.ics",
    async (request, reply) => {
      const access = await requireOrgAccess(context, request);
      const { programId, meetingId } = request.params as { programId: string; meetingId: string };
      const program = await loadProgram(context.db, access, programId);
      const meeting = await loadProgramMeeting(context.db, access, program.id, meetingId);
      const file = await meetingCalendarFile(context.db, meeting, context.config.publicUrl);
      // It carries the join link: kept out of shared caches and of the next page's Referer.
      return reply
        .header("cache-control", "private, no-store")
        .header("referrer-policy", "no-referrer")
        .header("content-disposition", `attachment; filename="${file.filename}"`)
        .type("text/calendar; charset=utf-8")
        .send(file.content);
    },
  );
}
