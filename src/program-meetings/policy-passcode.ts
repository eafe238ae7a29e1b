import { randomInt } from "node:crypto";

/** Zoom refuses a meeting passcode longer than this (its API reference: max 10 characters). */
export const passcodeMaximum = 10;
/**
 * The fewest characters a passcode confab makes may have: Zoom accounts ask for 6 by default,
 * and a shorter one is guessed too easily.
 */
export const passcodeMinimum = 6;

/** What Zoom takes in a passcode: letters, digits and `@ - _ *`. */
const zoomPasscode = /^[A-Za-z0-9@\-_*]+$/;

// Letters and digits only, without the ones read alike (0/O, 1/l/I): people type it from a
// mail, and Zoom accounts that ask for a letter and a digit get both.
const letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
const digits = "23456789";

/**
 * The passcode a meeting keeps under a policy asking for `length` characters or more: the one
 * it has when Zoom takes it and it is long enough (a link or invitation already sent keeps
 * working), else a new one of exactly that length.
 */
export function passcodeFor(length: number, current: string | undefined): string {
  if (
    current !== undefined &&
    current.length >= length &&
    current.length <= passcodeMaximum &&
    zoomPasscode.test(current)
  ) {
    return current;
  }
  return newPasscode(length);
}

export function newPasscode(length: number): string {
  const all = letters + digits;
  const chars = [pick(letters), pick(digits)];
  while (chars.length < length) chars.push(pick(all));
  // Shuffled, so the letter and the digit are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join("");
}

function pick(from: string): string {
  return from[randomInt(from.length)] as string;
}
