import type { ProgramSwitch } from "./program-switch.ts";

/** What members are told when they name guests in a program that does not take them. */
export const guestsNotAllowed = (programName: string) =>
  `${programName} does not allow guests from outside the program: remove them, or ask a program admin to allow guests under Program settings.`;

/**
 * Whether members of the program may invite guests from outside it. Meetings that already have
 * guests keep them when it is turned off; a change to such a meeting is refused until they are
 * removed. Read and set with program-switch.ts.
 */
export const guestsSwitch: ProgramSwitch = {
  column: "guests_allowed",
  field: "guestsAllowed",
  notChanged: "The guest setting was not changed.",
  choose: "Choose whether guests are allowed.",
  audit: { on: "program.guests_allowed", off: "program.guests_not_allowed" },
};
