import { renderMail } from "../mail-layout.ts";
import type { RenderedMail } from "../outgoing-mail.ts";

export function signInUnblockMail(input: {
  unblockLink: string;
  resetLink: string;
  failures: number;
}): RenderedMail {
  return renderMail({
    subject: "Failed sign-ins to your confab account",
    heading: "Someone failed to sign in to your account",
    paragraphs: [
      `There were ${input.failures} failed attempts to sign in to your confab account in the last hour. Signing in from the networks they came from is slowed down for now; from anywhere else your password works as usual.`,
      "If it was you and you are now kept waiting, this link lifts the delay.",
    ],
    action: { label: "Let me sign in again", url: input.unblockLink },
    notes: [
      `If it was not you, your account is safe as long as your password is good; to be sure, choose a new one: ${input.resetLink}`,
      "The link works once, for 24 hours.",
    ],
  });
}
