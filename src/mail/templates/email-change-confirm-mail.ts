import { renderMail } from "../mail-layout.ts";
import type { RenderedMail } from "../outgoing-mail.ts";

/** To the new address: the account moves to it only once its owner follows the link. */
export function emailChangeConfirmMail(input: {
  currentEmail: string;
  link: string;
  validHours: number;
}): RenderedMail {
  return renderMail({
    subject: "Confirm your new address for confab",
    heading: "Confirm your new address",
    paragraphs: [
      `The confab account of ${input.currentEmail} asked to use this address from now on. If it was you, confirm it with the link below: you then sign in with this address, and mail about the account comes here.`,
    ],
    action: { label: "Use this address", url: input.link },
    notes: [
      `The link works once, for ${input.validHours} hours. Until it is used, the account keeps its current address.`,
      "If you did not ask for this, ignore this mail: nothing changes.",
    ],
  });
}
