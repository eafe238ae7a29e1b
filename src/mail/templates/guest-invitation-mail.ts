import { describeTime } from "../../conferencing/zoned-time.ts";
import { renderMail } from "../mail-layout.ts";
import type { CalendarPart, RenderedMail } from "../outgoing-mail.ts";
import type { MeetingMailChange } from "./meeting-invitation-mail.ts";

export interface GuestInvitationMailInput {
  change: MeetingMailChange;
  title: string;
  description: string;
  start: Date;
  end: Date;
  timeZone: string;
  modeLabel: string;
  joinUrl: string | undefined;
  /** The member who made the meeting, by name (or address). */
  invitedBy: string;
  programName: string;
  organizationName: string;
  calendar: CalendarPart;
}

const subjects: Record<MeetingMailChange, string> = {
  new: "Invitation",
  updated: "Updated invitation",
  cancelled: "Cancelled",
};

/**
 * A meeting's invitation, update or cancellation to a guest from outside the program: who
 * invited them, from which program and organization, when and how to join. A guest has no
 * confab account, so the mail offers no sign-in, no meeting page and no account settings; the
 * attached invitation is all they need.
 */
export function guestInvitationMail(input: GuestInvitationMailInput): RenderedMail {
  const when = describeTime(input.start, input.timeZone);
  const minutes = Math.round((input.end.getTime() - input.start.getTime()) / 60_000);
  const cancelled = input.change === "cancelled";
  const from = `${input.programName} (${input.organizationName})`;
  const rendered = renderMail({
    subject: `${subjects[input.change]}: ${input.title} — ${when}`,
    heading: cancelled ? `Cancelled: ${input.title}` : input.title,
    paragraphs: [
      cancelled
        ? `This meeting of ${from}, to which ${input.invitedBy} invited you, is cancelled, or you are no longer on it. Your calendar removes it when you open the attachment.`
        : `${input.change === "updated" ? "This meeting changed. " : ""}${input.invitedBy} invites you as a guest to a meeting of ${from}.`,
      `When: ${when}, ${minutes} minutes.`,
      `How: ${input.modeLabel}${input.joinUrl && !cancelled ? `. Join: ${input.joinUrl}` : ""}.`,
      ...(cancelled ? [] : ["Join it with the link: you need no account for it."]),
      ...(input.description && !cancelled ? [input.description] : []),
    ],
    notes: [
      cancelled
        ? "Nothing else to do."
        : "The attached invitation adds it to your calendar and keeps it in step when it changes.",
      `You get this mail because ${input.invitedBy} invited your address. If you should not be on the meeting, tell them.`,
    ],
  });
  return { ...rendered, calendar: input.calendar };
}
