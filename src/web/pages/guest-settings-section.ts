import { html } from "../html.ts";
import type { SwitchWords } from "./program-switch-section.ts";

/**
 * Program settings → Guests: whether members may invite people from outside the program by
 * address. Guests are mailed the invitation with the join link and never get an account, so the
 * choice is the program admin's, and it is off until they make it.
 */
export function guestSettingsWords(programName: string): SwitchWords {
  return {
    id: "guests",
    heading: "Guests",
    intro: html`People outside ${programName}, invited by email address alone. confab makes
      no account for them and shows them nothing but the invitation.`,
    legend: "Guests from outside the program",
    allowed:
      "Members may add guests by email address when they make a meeting. Guests are mailed the invitation with the join link, join as participants and never host.",
    notAllowed: `Only people with a role in ${programName} can be invited. Meetings that already have guests keep them until they are changed.`,
    submitLabel: "Save guest setting",
  };
}
