import type { FastifyInstance, FastifyRequest } from "fastify";
import { loadProgram } from "../../orgs/programs.ts";
import {
  keepOccurrenceChange,
  keepProviderChange,
} from "../../program-meetings/keep-provider-change.ts";
import {
  restoreConfabChange,
  restoreOccurrence,
} from "../../program-meetings/restore-confab-change.ts";
import { createProviders } from "../../providers/registry.ts";
import { requireOrgAccess, requireViewer, type WebContext } from "../web-context.ts";

/**
 * A program meeting, or one meeting of its series, changed in the provider's own interface: its
 * organizer keeps that change (the meeting moves, invitations are updated) or restores confab's
 * (the provider is set back).
 */
export function changedInZoomPages(app: FastifyInstance, context: WebContext) {
  const providers = createProviders(context.config, context.db);
  const deps = { db: context.db, vault: context.vault, providers };

  const load = async (request: FastifyRequest) => {
    const access = await requireOrgAccess(context, request);
    const { programId, meetingId } = request.params as { programId: string; meetingId: string };
    const program = await loadProgram(context.db, access, programId);
    const meetingPage = `/o/${access.organization.slug}/programs/${program.id}/meetings/${meetingId}`;
    return { access, program, meetingId, meetingPage };
  };

  app.post(
    "/o/:org/programs/:programId/meetings/:meetingId/changed-in-zoom/keep",
    async (request, reply) => {
      const { access, program, meetingId, meetingPage } = await load(request);
      const viewer = requireViewer(request);
      const kept = await keepProviderChange(
        deps,
        access,
        program,
        { userId: viewer.id, email: viewer.email, name: viewer.name },
        meetingId,
      );
      return reply.redirect(kept ? `${meetingPage}?saved=changed` : meetingPage, 303);
    },
  );

  app.post(
    "/o/:org/programs/:programId/meetings/:meetingId/changed-in-zoom/restore",
    async (request, reply) => {
      const { access, program, meetingId, meetingPage } = await load(request);
      await restoreConfabChange(context.db, access, program.id, meetingId);
      return reply.redirect(meetingPage, 303);
    },
  );

  const occurrence = (request: FastifyRequest) =>
    (request.params as { occurrenceId: string }).occurrenceId;

  app.post(
    "/o/:org/programs/:programId/meetings/:meetingId/occurrences/:occurrenceId/changed-in-zoom/keep",
    async (request, reply) => {
      const { access, program, meetingId, meetingPage } = await load(request);
      const kept = await keepOccurrenceChange(
        context.db,
        access,
        program.id,
        meetingId,
        occurrence(request),
      );
      return reply.redirect(kept ? `${meetingPage}?saved=changed` : meetingPage, 303);
    },
  );

  app.post(
    "/o/:org/programs/:programId/meetings/:meetingId/occurrences/:occurrenceId/changed-in-zoom/restore",
    async (request, reply) => {
      const { access, program, meetingId, meetingPage } = await load(request);
      await restoreOccurrence(context.db, access, program.id, meetingId, occurrence(request));
      return reply.redirect(meetingPage, 303);
    },
  );
}
