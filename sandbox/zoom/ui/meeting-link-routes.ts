/**
 * What opening a meeting's links does: `join_url` (`/j/{id}?pwd=…`) puts anyone with the
 * passcode in as a participant; `start_url` (`/s/{id}?zak=…`) puts its holder in as host, since
 * the ZAK is the host's key. Without it only the host or an alternative host, signed in as
 * themselves, may start the meeting.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { showPage } from "../../common/show-page.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { Meeting, User } from "../state.ts";
import { inMeetingPage, invalidMeetingPage, notHostPage, passcodePage } from "./meeting-pages.ts";
import { signedInUser } from "./sign-in-session.ts";

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined || expected === "") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function mayStart(meeting: Meeting, user: User): boolean {
  if (user.id === meeting.host_id) return true;
  const alternatives = String(meeting.settings.alternative_hosts ?? "")
    .split(/[;,]/)
    .map((email) => email.trim().toLowerCase());
  return alternatives.includes(user.email.toLowerCase());
}

export function registerMeetingLinkRoutes(server: FastifyInstance, context: SandboxContext): void {
  const meetingOf = (id: string) =>
    /^\d+$/.test(id) ? context.state.meetings.get(Number(id)) : undefined;

  server.get<{ Params: { meetingId: string }; Querystring: { pwd?: string } }>(
    "/j/:meetingId",
    async (request, reply) => {
      const meeting = meetingOf(request.params.meetingId);
      if (meeting === undefined) return showPage(reply, 404, invalidMeetingPage());
      const { pwd } = request.query;
      const open = meeting.password === "";
      // The link carries the encrypted passcode; a person typing it enters the passcode itself.
      if (
        open ||
        sameSecret(pwd, meeting.encrypted_password) ||
        sameSecret(pwd, meeting.password)
      ) {
        return showPage(reply, 200, inMeetingPage(meeting, "participant"));
      }
      const wrong = pwd !== undefined;
      return showPage(reply, wrong ? 403 : 200, passcodePage(meeting, wrong));
    },
  );

  server.get<{ Params: { meetingId: string }; Querystring: { zak?: string } }>(
    "/s/:meetingId",
    async (request, reply) => {
      const meeting = meetingOf(request.params.meetingId);
      if (meeting === undefined) return showPage(reply, 404, invalidMeetingPage());
      if (sameSecret(request.query.zak, meeting.zak)) {
        return showPage(reply, 200, inMeetingPage(meeting, "host"));
      }
      const user = signedInUser(context, request);
      if (user !== undefined && mayStart(meeting, user)) {
        return showPage(reply, 200, inMeetingPage(meeting, "host"));
      }
      return showPage(reply, 403, notHostPage(meeting, user));
    },
  );
}
