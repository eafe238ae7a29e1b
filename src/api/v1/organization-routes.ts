import type { FastifyInstance, FastifyRequest } from "fastify";
import { authorizeOnMeeting } from "../../authorization/policy.ts";
import { authenticateApplicationMember } from "../../calendars/application-member.ts";
import { DomainError } from "../../domain-error.ts";
import { listPrograms, loadProgram } from "../../orgs/programs.ts";
import { cancelProgramMeeting } from "../../program-meetings/cancel-program-meeting.ts";
import { hostingOutlook } from "../../program-meetings/hosting-outlook.ts";
import { inviteesByEmail } from "../../program-meetings/invitees-by-email.ts";
import { modesForMeeting } from "../../program-meetings/kept-provider-mode.ts";
import { guestListOf } from "../../program-meetings/meeting-guests.ts";
import { type RepeatFields, repeatFieldsOf } from "../../program-meetings/meeting-series.ts";
import { ownProfileOutlook } from "../../program-meetings/own-profile-hosting.ts";
import { prepareProgramMeeting } from "../../program-meetings/prepare-program-meeting.ts";
import {
  listProgramMeetings,
  loadProgramMeeting,
  type ProgramMeeting,
  partiesOf,
} from "../../program-meetings/program-meeting.ts";
import {
  inRecurrenceNames,
  type RecurrenceInput,
  recurrenceView,
  repeatFieldsOfRecurrence,
} from "../../program-meetings/recurrence-input.ts";
import { saveProgramMeeting } from "../../program-meetings/save-program-meeting.ts";
import type { MeetingSeries } from "../../program-meetings/series-occurrences.ts";
import { seriesOfMeetings } from "../../program-meetings/series-of-meetings.ts";
import { countApiRequest } from "../../quotas/api-rate-limits.ts";
import type { ApiDeps } from "./api-routes.ts";
import {
  errorReply,
  meetingBody,
  meetingReply,
  organizationSecurity,
  programsReply,
  validationErrorReply,
} from "./organization-schemas.ts";

interface MeetingBody {
  title: string;
  description?: string;
  date: string;
  time: string;
  tzid: string;
  duration_minutes: number;
  invitees: string[];
  guests?: { email: string; name?: string }[];
  /** Null: it does not repeat; left out of a change: it repeats as it did. */
  recurrence?: RecurrenceInput | null;
  meeting_mode: string;
  dry_run?: boolean;
}

const tags = ["Organization programs and meetings"];
const programParams = {
  type: "object",
  required: ["program_id"],
  properties: { program_id: { type: "string", maxLength: 100 } },
};
const meetingParams = {
  type: "object",
  required: ["program_id", "meeting_id"],
  properties: {
    program_id: { type: "string", maxLength: 100 },
    meeting_id: { type: "string", maxLength: 100 },
  },
};
const memberHeader = {
  type: "object",
  properties: {
    "confab-member": {
      type: "string",
      maxLength: 320,
      description: "The email of the member the application acts for.",
    },
  },
};

/**
 * The organization's own software, doing what its members do in the pages (F9 through an API):
 * list programs with the meeting modes on, and make, change, read and cancel meetings in them.
 */
export function organizationRoutes({ db, vault, providers, config }: ApiDeps) {
  const deps = { db, vault, providers };
  const memberOf = (request: FastifyRequest) =>
    authenticateApplicationMember(
      db,
      vault,
      request.headers.authorization,
      request.headers["confab-member"] as string | undefined,
    );

  return async (app: FastifyInstance) => {
    // Credentials before anything else: without them a request learns nothing of its problems.
    app.addHook("onRequest", async (request) => {
      const found = await memberOf(request);
      (request as FastifyRequest & { member?: unknown }).member = found;
      // The organization's application keeps to the same rates as any other.
      await countApiRequest(db, { applicationId: found.applicationId }, config.quotas.rates);
    });
    const member = (request: FastifyRequest) =>
      (request as FastifyRequest & { member: Awaited<ReturnType<typeof memberOf>> }).member;

    app.get(
      "/programs",
      {
        schema: {
          tags,
          summary: "The programs the member is in, with the meeting modes they may pick there",
          headers: memberHeader,
          security: organizationSecurity,
          response: { 200: programsReply, 401: errorReply, 403: errorReply },
        },
      },
      async (request) => {
        const { access, person: viewer } = member(request);
        const programs = await listPrograms(db, access);
        return {
          programs: await Promise.all(
            programs.map(async (program) => {
              const offered = [];
              const unavailable = [];
              // The modes the New meeting form offers, the member's own Zoom among them.
              const { modes, own } = await modesForMeeting(deps, access, program, undefined);
              for (const m of modes) {
                const mode = { key: m.key, label: m.label, kind: m.kind };
                if (m.kind !== "provider") {
                  offered.push(mode);
                  continue;
                }
                const ownProfile = own.find((c) => c.mode.key === m.key);
                // Whether the member can book it, decided here as the form says it.
                const outlook = ownProfile
                  ? ownProfileOutlook(ownProfile)
                  : await hostingOutlook(deps, {
                      organizationId: access.organization.id,
                      programId: program.id,
                      provider: m.key,
                      viewer,
                      members: [],
                    });
                if (outlook?.refusal) {
                  unavailable.push({ ...mode, reason: outlook.refusal });
                  continue;
                }
                offered.push({
                  ...mode,
                  hosting: {
                    you_host: outlook?.viewerCanHost ?? null,
                    fallback_host_rule: outlook?.rule ?? null,
                    summary: outlook?.summary ?? null,
                  },
                });
              }
              return {
                program_id: program.id,
                name: program.name,
                role: access.programRoles[program.id] ?? null,
                meeting_modes: offered,
                unavailable_meeting_modes: unavailable,
              };
            }),
          ),
        };
      },
    );

    app.get<{ Params: { program_id: string } }>(
      "/programs/:program_id/meetings",
      {
        schema: {
          tags,
          summary: "The program's meetings the member is on (all of them for its admins)",
          headers: memberHeader,
          params: programParams,
          security: organizationSecurity,
          response: {
            200: {
              type: "object",
              properties: { meetings: { type: "array", items: meetingReply } },
            },
            401: errorReply,
            403: errorReply,
            404: errorReply,
          },
        },
      },
      async (request) => {
        const { access } = member(request);
        const program = await loadProgram(db, access, request.params.program_id);
        const meetings = await listProgramMeetings(db, access, program.id);
        const series = await seriesOfMeetings(
          db,
          meetings.map((m) => m.id),
        );
        return {
          meetings: meetings.map((m) => meetingView(m, access.actor.userId, series.get(m.id))),
        };
      },
    );

    const save = async (
      request: FastifyRequest<{
        Params: { program_id: string; meeting_id?: string };
        Body: MeetingBody;
      }>,
    ) => {
      const { access, person } = member(request);
      const program = await loadProgram(db, access, request.params.program_id);
      // A PUT changes the meeting it names, which the member must be able to see and change.
      const { meeting_id } = request.params;
      const existing =
        meeting_id === undefined
          ? undefined
          : await loadProgramMeeting(db, access, program.id, meeting_id);
      if (existing) authorizeOnMeeting(access, "meeting.change", partiesOf(existing));
      const body = request.body;
      const invitees = await inviteesByEmail(db, access, program, body.invitees);
      const recurrence = body.recurrence ? repeatFieldsOfRecurrence(body.recurrence) : undefined;
      // Every problem in one answer: unknown invitees and what only the API's shape of a series
      // can get wrong, beside what the meeting's own check finds (the series' by the API's names).
      const ownProblems = {
        ...(invitees.problem ? { invitees: invitees.problem } : {}),
        ...recurrence?.problems,
      };
      const refuse = (fields: Record<string, string>, rules?: Record<string, string>) =>
        new DomainError(
          "invalid_input",
          "The meeting was not saved.",
          { ...inRecurrenceNames(fields), ...ownProblems },
          rules && inRecurrenceNames(rules),
        );
      // A change that leaves recurrence out repeats as it did, as the form shows it for a change.
      let repeat: RepeatFields | undefined = recurrence?.repeat;
      if (body.recurrence === undefined && existing) {
        repeat = repeatFieldsOf((await seriesOfMeetings(db, [existing.id])).get(existing.id)?.rule);
      }
      let prepared: Awaited<ReturnType<typeof prepareProgramMeeting>>;
      try {
        prepared = await prepareProgramMeeting(
          deps,
          access,
          program,
          person,
          {
            title: body.title,
            description: body.description ?? "",
            date: body.date,
            time: body.time,
            duration: String(body.duration_minutes),
            timeZone: body.tzid,
            invitees: invitees.ids,
            mode: body.meeting_mode,
            guests: body.guests === undefined ? undefined : guestListOf(body.guests),
            repeat,
          },
          existing,
        );
      } catch (error) {
        if (!(error instanceof DomainError) || !error.fields) throw error;
        throw refuse(error.fields, error.rules);
      }
      if (Object.keys(ownProblems).length > 0) throw refuse({});
      const hosting = prepared.hosting
        ? {
            host: prepared.hosting.host.email,
            hosted_by: prepared.hosting.hostedBy,
            reason: prepared.hosting.reason,
            alternative_hosts: prepared.hosting.alternativeHosts.map((p) => p.email),
            participants: prepared.hosting.participants.map((p) => p.email),
          }
        : null;
      if (body.dry_run) return { dry_run: true, hosting };
      const saved = await saveProgramMeeting(db, access, program, prepared, existing?.id);
      return meetingView(
        await loadProgramMeeting(db, access, program.id, saved.id),
        access.actor.userId,
        (await seriesOfMeetings(db, [saved.id])).get(saved.id),
      );
    };

    app.post<{ Params: { program_id: string }; Body: MeetingBody }>(
      "/programs/:program_id/meetings",
      {
        schema: {
          tags,
          summary: "Make a meeting as the member (its host); dry_run says who would host first",
          description:
            "With a provider's mode (zoom) the meeting is made in the organization's account by the worker: the reply says `pending`, and the join link appears in later reads. The member hosts when they are a licensed user of that account; when not, the program's fallback host rule decides: the first licensed invitee hosts (the default), or the organization's host account, or the mode is refused (then it is listed under `unavailable_meeting_modes` with the reason). Other invitees who are licensed users of the same account become alternative hosts; the rest, the member among them when someone else hosts, are participants.",
          headers: memberHeader,
          params: programParams,
          body: meetingBody,
          security: organizationSecurity,
          response: {
            200: {
              type: "object",
              description: "The dry run's answer: who would host. Nothing is saved.",
              properties: {
                dry_run: { type: "boolean" },
                hosting: {
                  type: ["object", "null"],
                  properties: {
                    host: { type: "string" },
                    hosted_by: {
                      type: "string",
                      enum: ["creator", "licensed_invitee", "host_account"],
                      description:
                        "Why this host: the member can host, or the program's fallback host rule chose the first licensed invitee or the organization's host account.",
                    },
                    reason: { type: "string", description: "The plan in one sentence." },
                    alternative_hosts: { type: "array", items: { type: "string" } },
                    participants: { type: "array", items: { type: "string" } },
                  },
                },
              },
            },
            201: meetingReply,
            401: errorReply,
            403: errorReply,
            404: errorReply,
            422: validationErrorReply,
          },
        },
      },
      async (request, reply) => {
        const result = await save(request);
        return reply.status("dry_run" in result ? 200 : 201).send(result);
      },
    );

    app.get<{ Params: { program_id: string; meeting_id: string } }>(
      "/programs/:program_id/meetings/:meeting_id",
      {
        schema: {
          tags,
          summary: "One meeting the member is on, with its join link once made",
          headers: memberHeader,
          params: meetingParams,
          security: organizationSecurity,
          response: { 200: meetingReply, 401: errorReply, 403: errorReply, 404: errorReply },
        },
      },
      async (request) => {
        const { access } = member(request);
        const program = await loadProgram(db, access, request.params.program_id);
        const meeting = await loadProgramMeeting(db, access, program.id, request.params.meeting_id);
        const series = await seriesOfMeetings(db, [meeting.id]);
        return meetingView(meeting, access.actor.userId, series.get(meeting.id));
      },
    );

    app.put<{ Params: { program_id: string; meeting_id: string }; Body: MeetingBody }>(
      "/programs/:program_id/meetings/:meeting_id",
      {
        schema: {
          tags,
          summary: "Change a meeting the member made: the same provider meeting is updated",
          headers: memberHeader,
          params: meetingParams,
          body: meetingBody,
          security: organizationSecurity,
          response: {
            200: meetingReply,
            401: errorReply,
            403: errorReply,
            404: errorReply,
            422: validationErrorReply,
          },
        },
      },
      async (request) => save(request),
    );

    app.delete<{ Params: { program_id: string; meeting_id: string } }>(
      "/programs/:program_id/meetings/:meeting_id",
      {
        schema: {
          tags,
          summary: "Cancel a meeting the member made: its provider meeting is deleted",
          headers: memberHeader,
          params: meetingParams,
          security: organizationSecurity,
          response: {
            202: {
              type: "null",
              description: "Cancelled; the worker deletes the provider meeting.",
            },
            401: errorReply,
            403: errorReply,
            404: errorReply,
          },
        },
      },
      async (request, reply) => {
        const { access } = member(request);
        await cancelProgramMeeting(
          db,
          access,
          request.params.program_id,
          request.params.meeting_id,
        );
        return reply.status(202).send();
      },
    );
  };
}

/** A meeting as the API shows it: never a start link (it carries the host's Zoom sign-in). */
function meetingView(meeting: ProgramMeeting, viewerId: string, series: MeetingSeries | undefined) {
  const c = meeting.conferencing;
  return {
    meeting_id: meeting.id,
    program_id: meeting.programId,
    title: meeting.title,
    description: meeting.description,
    start: meeting.startAt.toISOString(),
    end: meeting.endAt.toISOString(),
    tzid: meeting.timeZone,
    meeting_mode: { key: meeting.modeKey, label: meeting.modeLabel },
    cancelled: meeting.cancelled,
    people: meeting.people.map((p) => ({ email: p.email, name: p.name, role: p.role })),
    guests: meeting.guests.map((g) => ({ email: g.email, name: g.name })),
    ...recurrenceView(series),
    ...(meeting.hostAccount ? { host_account: meeting.hostAccount } : {}),
    can_change: meeting.organizer?.userId === viewerId && !meeting.cancelled,
    conferencing: {
      state: c.state,
      ...(c.joinUrl
        ? { join_url: c.joinUrl, provider_name: c.provider, meeting_id: c.meetingId }
        : {}),
      ...(c.password ? { password: c.password } : {}),
      ...(c.reason ? { reason: c.reason } : {}),
    },
  };
}
