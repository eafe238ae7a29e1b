import { html } from "../html.ts";
import type { SwitchWords } from "./program-switch-section.ts";

/**
 * Program settings → Own Zoom: whether members may host the program's meetings with the Zoom
 * they connected under Your account. Such a meeting is made in the member's own account, which
 * the organization does not manage, so the choice is the program admin's, off until they make it.
 */
export function ownProfileSettingsWords(programName: string): SwitchWords {
  return {
    id: "own-profiles",
    heading: "Members' own Zoom",
    intro: html`Members may host Zoom meetings with their own connected Zoom: allowed or not
      allowed in ${programName}.`,
    legend: "Members may host Zoom meetings with their own connected Zoom",
    allowed:
      "A member who connected their own Zoom (a paid account) under Your account → Conferencing services may pick it for a meeting: they host it there, and everyone invited joins with the link. The organization's Zoom install is not needed for it.",
    notAllowed: `Meetings in ${programName} use the organization's Zoom only. Meetings already made in a member's own Zoom keep it.`,
    submitLabel: "Save own Zoom setting",
  };
}
