import { renderMail } from "../mail-layout.ts";
import type { RenderedMail } from "../outgoing-mail.ts";

/**
 * To the address an account just left: the one warning its owner gets if someone else moved
 * the account away. It carries no link, since nothing at this address can act on the account
 * any more; the way back is through the instance's operator.
 */
export function emailChangedMail(input: { oldEmail: string; newEmail: string }): RenderedMail {
  return renderMail({
    subject: "Your confab address was changed",
    heading: "Your address was changed",
    paragraphs: [
      `The address of your confab account was changed from ${input.oldEmail} to ${input.newEmail}. You now sign in with the new address, and mail about the account goes there; this is the last mail to this address about it.`,
      "Every session of the account that was open elsewhere was signed out.",
    ],
    notes: [
      "If this was not you, someone who knows your password changed it: ask the operator of this confab instance to give the account back to this address, then reset your password.",
    ],
  });
}
