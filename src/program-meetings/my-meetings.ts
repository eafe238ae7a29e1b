import type { Kysely } from "kysely";
import { type Actor, canOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { listUserOrganizations } from "../orgs/list-organizations.ts";
import { loadOrgAccess } from "../orgs/load-org-access.ts";
import {
  type MeetingFilter,
  type ProgramMeeting,
  partiesOf,
  readMeetings,
} from "./program-meeting.ts";

/** How far ahead the upcoming list reaches; later meetings are on each program's page. */
export const upcomingDays = 30;
/** How long before its start a meeting's join link is offered (it stays until the end). */
export const joinOpensMinutes = 15;
/** How many past meetings are listed, the latest first. */
export const pastLimit = 50;

/** Where a meeting stands for the person, in the words of its status line. */
export type MyMeetingStatus =
  | { kind: "cancelled" }
  | { kind: "failed"; reason: string }
  | { kind: "making" }
  | { kind: "in_progress" }
  | { kind: "ended" }
  | { kind: "ready" }
  | { kind: "scheduled" };

export interface MyMeeting {
  meeting: ProgramMeeting;
  organization: { slug: string; name: string };
  status: MyMeetingStatus;
  /** The join link while the meeting is near (from shortly before its start until its end). */
  joinUrl: string | undefined;
  /** Whether the person hosts it at the provider (and so may fetch its start link). */
  isHost: boolean;
}

export interface MyMeetings {
  /** Under way or starting within `upcomingDays`, the soonest first. */
  upcoming: MyMeeting[];
  /** Ended, the latest first, at most `pastLimit`. */
  past: MyMeeting[];
  /** Cancelled ones that were due within `upcomingDays` either side of now, the soonest first. */
  cancelled: MyMeeting[];
}

/**
 * The meetings a person is on (made by them or invited to), across every organization and
 * program they belong to. It reads through each organization's own access, as the program
 * pages do, so a meeting in a program they left is not listed.
 */
export async function listMyMeetings(
  db: Kysely<Schema>,
  actor: Actor,
  now: Date,
): Promise<MyMeetings> {
  const day = 86_400_000;
  const window = upcomingDays * day;
  const mine: MyMeetings = { upcoming: [], past: [], cancelled: [] };
  for (const { slug, suspended } of await listUserOrganizations(db, actor.userId)) {
    // A suspended organization's pages say so; its meetings are not listed meanwhile.
    if (suspended) continue;
    const access = await loadOrgAccess(db, actor, slug);
    const read = (filter: MeetingFilter) => readMeetingsOf(db, access, filter, now);
    const [around, past] = await Promise.all([
      read({
        endingFrom: new Date(now.getTime() - window),
        startingBefore: new Date(now.getTime() + window),
      }),
      read({ endedBefore: now, cancelled: false, latestFirst: true, limit: pastLimit }),
    ]);
    for (const m of around) {
      if (m.meeting.cancelled) mine.cancelled.push(m);
      else if (m.meeting.endAt.getTime() > now.getTime()) mine.upcoming.push(m);
    }
    mine.past.push(...past);
  }
  const soonest = (a: MyMeeting, b: MyMeeting) =>
    a.meeting.startAt.getTime() - b.meeting.startAt.getTime();
  mine.upcoming.sort(soonest);
  mine.cancelled.sort(soonest);
  mine.past.sort((a, b) => soonest(b, a));
  mine.past.length = Math.min(mine.past.length, pastLimit);
  return mine;
}

async function readMeetingsOf(
  db: Kysely<Schema>,
  access: OrgAccess,
  filter: MeetingFilter,
  now: Date,
): Promise<MyMeeting[]> {
  const meetings = await readMeetings(db, access, filter);
  return meetings
    .filter((m) => canOnMeeting(access, "meeting.view", partiesOf(m)))
    .map((meeting) => ({
      meeting,
      organization: { slug: access.organization.slug, name: access.organization.name },
      status: statusOf(meeting, now),
      joinUrl: isNear(meeting, now) ? (meeting.conferencing.joinUrl ?? undefined) : undefined,
      isHost: canOnMeeting(access, "meeting.start", partiesOf(meeting)),
    }));
}

/** A failure outranks the clock: a meeting under way without its link needs attention first. */
export function statusOf(meeting: ProgramMeeting, now: Date): MyMeetingStatus {
  const c = meeting.conferencing;
  if (meeting.cancelled) return { kind: "cancelled" };
  if (c.state === "failing" || c.state === "removed") {
    return { kind: "failed", reason: c.reason ?? "The video meeting could not be made." };
  }
  if (c.state === "pending") return { kind: "making" };
  if (meeting.endAt.getTime() <= now.getTime()) return { kind: "ended" };
  if (meeting.startAt.getTime() <= now.getTime()) return { kind: "in_progress" };
  return c.state === "assigned" ? { kind: "ready" } : { kind: "scheduled" };
}

/** From `joinOpensMinutes` before the start until the end. */
export function isNear(meeting: ProgramMeeting, now: Date): boolean {
  const opens = meeting.startAt.getTime() - joinOpensMinutes * 60_000;
  return !meeting.cancelled && opens <= now.getTime() && now.getTime() < meeting.endAt.getTime();
}
