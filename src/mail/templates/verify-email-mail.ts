import { renderMail } from "../mail-layout.ts";
import type { RenderedMail } from "../outgoing-mail.ts";

export function verifyEmailMail(input: { link: string; validDays: number }): RenderedMail {
  return renderMail({
    subject: "Confirm your email address for confab",
    heading: "Confirm your email address",
    paragraphs: [
      "A confab account uses this address. Confirm that it is yours, so that organizations can trust it: until then the account cannot host meetings in an organization's Zoom or become an admin of another organization.",
    ],
    action: { label: "Confirm my address", url: input.link },
    notes: [
      `The link works once, for ${input.validDays} days.`,
      "If you know nothing of a confab account, ignore this mail.",
    ],
  });
}
