import { describeTime } from "../../conferencing/zoned-time.ts";
import { renderMail } from "../mail-layout.ts";
import type { RenderedMail } from "../outgoing-mail.ts";

/** To a meeting's host: its provider meeting could not be made, why, and what to do. */
export function meetingFailedMail(input: {
  title: string;
  start: Date;
  timeZone: string;
  modeLabel: string;
  reason: string;
  meetingUrl: string;
}): RenderedMail {
  return renderMail({
    subject: `Your meeting "${input.title}" has no ${input.modeLabel} link`,
    heading: `"${input.title}" could not get its ${input.modeLabel} link`,
    paragraphs: [
      `Your meeting on ${describeTime(input.start, input.timeZone)} is saved, but confab could not make its ${input.modeLabel}: ${input.reason}`,
      "Open the meeting to change what the reason names, or choose another meeting mode. Its invitees keep their invitation; it gains the link once the meeting is made.",
    ],
    action: { label: "Open the meeting", url: input.meetingUrl },
  });
}
