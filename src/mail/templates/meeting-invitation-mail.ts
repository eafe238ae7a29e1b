import { describeTime } from "../../conferencing/zoned-time.ts";
import { renderMail } from "../mail-layout.ts";
import type { CalendarPart, RenderedMail } from "../outgoing-mail.ts";

export type MeetingMailChange = "new" | "updated" | "cancelled";

export interface MeetingInvitationMailInput {
  change: MeetingMailChange;
  title: string;
  description: string;
  start: Date;
  end: Date;
  /** The meeting's own zone, shown second. */
  meetingTimeZone: string;
  /** The recipient's zone, in which the mail states the time. */
  recipientTimeZone: string;
  modeLabel: string;
  joinUrl: string | undefined;
  hostName: string;
  /** What the recipient is on it, in words: "You host it", "You are an alternative host". */
  recipientRole: string;
  programName: string;
  organizationName: string;
  /** The meeting's page in confab. */
  meetingUrl: string;
  /** A series: how it repeats and the dates it meets on, in the recipient's zone. */
  seriesDates?: string | undefined;
  calendar: CalendarPart;
}

const subjects: Record<MeetingMailChange, string> = {
  new: "Invitation",
  updated: "Updated invitation",
  cancelled: "Cancelled",
};

/**
 * A meeting's calendar invitation, update or cancellation: the text says when in the
 * recipient's own time zone, and the iCalendar part puts it in their calendar. A host's start
 * link is never in it: that is fetched at the click, on the meeting's page.
 */
export function meetingInvitationMail(input: MeetingInvitationMailInput): RenderedMail {
  const when = describeTime(input.start, input.recipientTimeZone);
  const minutes = Math.round((input.end.getTime() - input.start.getTime()) / 60_000);
  const elsewhere =
    input.meetingTimeZone === input.recipientTimeZone
      ? ""
      : ` — ${describeTime(input.start, input.meetingTimeZone)} where it was planned`;
  const cancelled = input.change === "cancelled";
  const rendered = renderMail({
    subject: `${subjects[input.change]}: ${input.title} — ${when}`,
    heading: cancelled ? `Cancelled: ${input.title}` : input.title,
    paragraphs: [
      cancelled
        ? `This meeting of ${input.programName} (${input.organizationName}) is cancelled, or you are no longer on it. Your calendar removes it when you open the attachment.`
        : `${input.change === "updated" ? "This meeting changed. " : ""}${input.hostName} invites you to a meeting of ${input.programName} (${input.organizationName}).`,
      `When: ${when}${elsewhere}, ${minutes} minutes.`,
      ...(input.seriesDates && !cancelled ? [`Repeats: ${input.seriesDates}`] : []),
      `How: ${input.modeLabel}${input.joinUrl && !cancelled ? `. Join: ${input.joinUrl}` : ""}.`,
      ...(cancelled ? [] : [input.recipientRole]),
      ...(input.description && !cancelled ? [input.description] : []),
    ],
    action: cancelled ? undefined : { label: "Open the meeting in confab", url: input.meetingUrl },
    notes: [
      cancelled
        ? "Nothing else to do."
        : "The attached invitation adds it to your calendar and keeps it in step when it changes.",
      "You can turn off meeting mails under Your account in confab.",
    ],
  });
  return { ...rendered, calendar: input.calendar };
}
