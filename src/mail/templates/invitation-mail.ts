import { renderMail } from "../mail-layout.ts";
import type { RenderedMail } from "../outgoing-mail.ts";

export interface InvitationMailInput {
  organizationName: string;
  /** Who invited, as the organization knows them: a name, or their email. */
  inviter: string;
  /** The role in words: "an organization admin", "a member", "a mentee in Leadership track". */
  roleInWords: string;
  link: string;
  validDays: number;
}

export function invitationMail(input: InvitationMailInput): RenderedMail {
  return renderMail({
    subject: `${input.inviter} invited you to ${input.organizationName}`,
    heading: `Join ${input.organizationName}`,
    paragraphs: [
      `${input.inviter} invited you to join ${input.organizationName} on confab as ${input.roleInWords}.`,
      "Open the invitation to accept or decline it. If you have no account yet, you make one there.",
    ],
    action: { label: "Open the invitation", url: input.link },
    notes: [
      `The link works once, for ${input.validDays} days.`,
      "If you did not expect this, you can ignore this mail or decline: nothing happens until you accept.",
    ],
  });
}
