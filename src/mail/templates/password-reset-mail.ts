import { renderMail } from "../mail-layout.ts";
import type { RenderedMail } from "../outgoing-mail.ts";

export function passwordResetMail(input: { link: string; validMinutes: number }): RenderedMail {
  return renderMail({
    subject: "Reset your confab password",
    heading: "Reset your password",
    paragraphs: [
      "Someone asked to reset the password of your confab account. If it was you, choose a new password with the link below.",
      "Resetting it signs you out everywhere.",
    ],
    action: { label: "Choose a new password", url: input.link },
    notes: [
      `The link works once, for ${input.validMinutes} minutes.`,
      "If you did not ask for this, ignore this mail: your password stays as it is.",
    ],
  });
}
