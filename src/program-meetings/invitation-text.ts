import { describeTime } from "../conferencing/zoned-time.ts";
import type { ProgramMeeting } from "./program-meeting.ts";

/**
 * A meeting as plain text to paste into a chat or a mail of one's own ("Copy invitation"): its
 * time in the reader's zone (and the meeting's, when that differs), how to join, who hosts. The
 * join link and passcode are what the meeting page shows the same reader; a host's start link
 * never is.
 */
export function invitationText(
  meeting: ProgramMeeting,
  o: { readerTimeZone: string | null; programName: string; organizationName: string },
): string {
  const zone = o.readerTimeZone ?? meeting.timeZone;
  const minutes = Math.round((meeting.endAt.getTime() - meeting.startAt.getTime()) / 60_000);
  const elsewhere =
    zone === meeting.timeZone
      ? ""
      : ` — ${describeTime(meeting.startAt, meeting.timeZone)} where it was planned`;
  const { joinUrl, password } = meeting.conferencing;
  const host = meeting.organizer;
  return [
    meeting.title,
    `When: ${describeTime(meeting.startAt, zone)}${elsewhere}, ${minutes} minutes`,
    `How: ${meeting.modeLabel || "Meeting"}`,
    ...(joinUrl ? [`Join: ${joinUrl}`] : []),
    ...(joinUrl && password ? [`Passcode: ${password}`] : []),
    ...(host ? [`Host: ${host.name ? `${host.name} <${host.email}>` : host.email}`] : []),
    `${o.programName} · ${o.organizationName}`,
    ...(meeting.description ? ["", meeting.description] : []),
  ].join("\n");
}
