/**
 * Teams meetings without a calendar event (learn.microsoft.com/graph/api/onlinemeeting-createorget):
 * `POST /me/onlineMeetings/createOrGet` makes a meeting for an `externalId`, or answers the one
 * already made for it (201 when created, 200 when it existed); get, update and delete by id.
 * Delegated callers need OnlineMeetings.ReadWrite (personal accounts are not supported);
 * app-only callers use `/users/{id}/onlineMeetings` with OnlineMeetings.ReadWrite.All and only
 * for a user an administrator granted an application access policy to ("Administrators must
 * create an application access policy and grant it to a user"); without one Graph answers 403
 * Forbidden "No application access policy found for this app"
 * (learn.microsoft.com/graph/cloud-communication-online-meeting-application-access-policy, Errors).
 * Without start and end a meeting starts now and lasts an hour; with a start only, an hour.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { DirectoryUser, GraphCaller } from "../graph-caller.ts";
import type { GraphContext } from "../graph-context.ts";
import type { MeetingRole, StoredOnlineMeeting } from "../graph-data.ts";
import { accessDenied, badRequest, bodyRead, GraphError } from "../graph-error.ts";
import { isoInstant } from "../graph-time.ts";
import { newToken } from "../identifiers.ts";
import { isAppOnly, pathUser } from "../mailbox-access.ts";
import { canHostTeams, joinUrl, newTeamsMeeting } from "../teams-meeting.ts";

type Params = { user?: string; id?: string };
type Request = FastifyRequest<{ Params: Params }>;

const ROOTS = ["/v1.0/me", "/v1.0/users/:user"];
const ROLES: MeetingRole[] = ["attendee", "presenter", "producer", "coorganizer"];
const HOUR = 3_600_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function instantOf(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  const instant = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(instant)) {
    throw bodyRead(
      `Cannot convert the literal '${String(value)}' to the expected type 'Edm.DateTimeOffset'.`,
    );
  }
  return instant;
}

export function registerOnlineMeetingsRoutes(scope: FastifyInstance, context: GraphContext): void {
  const { deps, data } = context;

  function organizerFor(request: Request): { organizer: DirectoryUser; caller: GraphCaller } {
    const caller = deps.authenticate(request.headers);
    const organizer = pathUser(deps, caller, request.params.user ?? "me");
    if (isAppOnly(caller)) {
      if (!caller.permissions.includes("OnlineMeetings.ReadWrite.All")) throw accessDenied();
      const granted = data.accessPolicies.some(
        (policy) => policy.clientId === caller.clientId && policy.userId === organizer.id,
      );
      if (!granted) {
        throw new GraphError(403, "Forbidden", "No application access policy found for this app.");
      }
    } else {
      if (!caller.permissions.includes("OnlineMeetings.ReadWrite")) throw accessDenied();
      if (organizer.id !== caller.userId) throw accessDenied();
    }
    if (!canHostTeams(organizer)) {
      throw new GraphError(
        403,
        "Forbidden",
        organizer.accountType === "personal"
          ? "Online meetings are not supported for personal Microsoft accounts."
          : `The user '${organizer.userPrincipalName}' has no Teams licence and cannot organize online meetings.`,
      );
    }
    return { organizer, caller };
  }

  function attendeesOf(participants: unknown): StoredOnlineMeeting["attendees"] {
    if (participants === undefined) return [];
    const list = isObject(participants) ? participants.attendees : undefined;
    if (list === undefined) return [];
    if (!Array.isArray(list)) throw bodyRead("participants.attendees must be an array.");
    return list.map((item, index) => {
      const upn = isObject(item) ? item.upn : undefined;
      if (typeof upn !== "string")
        throw bodyRead(`participants.attendees[${index}].upn must be a string.`);
      const role = isObject(item) && item.role !== undefined ? item.role : "attendee";
      if (typeof role !== "string" || !ROLES.includes(role as MeetingRole)) {
        throw bodyRead(
          `participants.attendees[${index}].role must be one of ${ROLES.join(", ")}; got '${String(role)}'.`,
        );
      }
      return { upn, userId: null, displayName: upn, role: role as MeetingRole };
    });
  }

  function view(meeting: StoredOnlineMeeting, organizer: DirectoryUser) {
    const link = joinUrl(deps.baseUrl(), meeting.teams, meeting.tenantId);
    return {
      id: meeting.id,
      creationDateTime: isoInstant(meeting.createdAt),
      startDateTime: isoInstant(meeting.startInstant),
      endDateTime: isoInstant(meeting.endInstant),
      joinUrl: link,
      joinWebUrl: link,
      subject: meeting.subject,
      externalId: meeting.externalId,
      isBroadcast: false,
      autoAdmittedUsers: "everyoneInCompany",
      allowedPresenters: "everyone",
      videoTeleconferenceId: null,
      audioConferencing: {
        conferenceId: meeting.teams.conferenceId,
        tollNumber: meeting.teams.tollNumber,
        tollFreeNumber: null,
        dialinUrl: `${deps.baseUrl()}/teams/dialin`,
      },
      chatInfo: { threadId: meeting.teams.threadId, messageId: "0", replyChainMessageId: null },
      joinMeetingIdSettings: {
        isPasscodeRequired: true,
        joinMeetingId: meeting.teams.joinMeetingId,
        passcode: meeting.teams.passcode,
      },
      participants: {
        organizer: {
          upn: organizer.userPrincipalName,
          role: "presenter",
          identity: {
            user: {
              id: organizer.id,
              displayName: organizer.displayName,
              tenantId: meeting.tenantId,
            },
          },
        },
        attendees: meeting.attendees.map((attendee) => ({
          upn: attendee.upn,
          role: attendee.role,
          identity: {
            user: {
              id: attendee.userId,
              displayName: attendee.displayName,
              tenantId: meeting.tenantId,
            },
          },
        })),
      },
    };
  }

  function meetingOf(organizer: DirectoryUser, id: string | undefined): StoredOnlineMeeting {
    const meeting = data.onlineMeetings.find(
      (stored) => stored.id === id && stored.organizerId === organizer.id,
    );
    if (meeting === undefined) {
      throw new GraphError(404, "NotFound", `The online meeting '${id ?? ""}' was not found.`);
    }
    return meeting;
  }

  function withDirectoryIds(meeting: StoredOnlineMeeting): void {
    for (const attendee of meeting.attendees) {
      const user = deps.directory.findUser(meeting.tenantId, attendee.upn);
      attendee.userId = user?.id ?? null;
      attendee.displayName = user?.displayName ?? attendee.upn;
    }
  }

  for (const root of ROOTS) {
    scope.post<{ Params: Params }>(`${root}/onlineMeetings/createOrGet`, (request, reply) => {
      const { organizer } = organizerFor(request);
      const body = request.body;
      if (!isObject(body)) throw badRequest("The request body must be a JSON object.");
      const externalId = body.externalId;
      if (typeof externalId !== "string" || externalId === "") {
        throw badRequest("externalId is required: a custom id that names the meeting.");
      }
      const existing = data.onlineMeetings.find(
        (meeting) => meeting.organizerId === organizer.id && meeting.externalId === externalId,
      );
      if (existing !== undefined) return reply.code(200).send(view(existing, organizer));
      const now = deps.clock.now();
      const start = instantOf(body, "startDateTime") ?? now;
      const end = instantOf(body, "endDateTime") ?? start + HOUR;
      if (end < start) throw badRequest("endDateTime must not be before startDateTime.");
      const subject = typeof body.subject === "string" ? body.subject : "";
      const meeting: StoredOnlineMeeting = {
        id: `MSo${newToken(48)}`,
        organizerId: organizer.id,
        tenantId: organizer.tenantId,
        externalId,
        subject,
        startInstant: start,
        endInstant: end,
        createdAt: now,
        attendees: attendeesOf(body.participants),
        teams: newTeamsMeeting(organizer, subject),
      };
      withDirectoryIds(meeting);
      data.onlineMeetings.push(meeting);
      deps.changed();
      return reply.code(201).send(view(meeting, organizer));
    });

    scope.get<{ Params: Params }>(`${root}/onlineMeetings/:id`, (request) => {
      const { organizer } = organizerFor(request);
      return view(meetingOf(organizer, request.params.id), organizer);
    });

    scope.patch<{ Params: Params }>(`${root}/onlineMeetings/:id`, (request) => {
      const { organizer } = organizerFor(request);
      const meeting = meetingOf(organizer, request.params.id);
      const body = request.body;
      if (!isObject(body)) throw badRequest("The request body must be a JSON object.");
      const start = instantOf(body, "startDateTime") ?? meeting.startInstant;
      const end = instantOf(body, "endDateTime") ?? meeting.endInstant;
      if (end < start) throw badRequest("endDateTime must not be before startDateTime.");
      meeting.startInstant = start;
      meeting.endInstant = end;
      if (typeof body.subject === "string") {
        meeting.subject = body.subject;
        meeting.teams.subject = body.subject;
      }
      if (body.participants !== undefined) {
        meeting.attendees = attendeesOf(body.participants);
        withDirectoryIds(meeting);
      }
      deps.changed();
      return view(meeting, organizer);
    });

    scope.delete<{ Params: Params }>(`${root}/onlineMeetings/:id`, (request, reply) => {
      const { organizer } = organizerFor(request);
      const meeting = meetingOf(organizer, request.params.id);
      data.onlineMeetings = data.onlineMeetings.filter((stored) => stored.id !== meeting.id);
      deps.changed();
      return reply.code(204).send();
    });
  }
}
