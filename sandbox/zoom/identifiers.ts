import { randomBytes, randomInt } from "node:crypto";

/** Zoom user and account ids are 22 url-safe characters, like `KDcuGIm1QgePTO8WbOqwIQ`. */
export function newZoomId(): string {
  return randomBytes(16).toString("base64url").slice(0, 22);
}

/** Meeting uuids are base64 of 16 bytes and may contain `/` and `+`, as Zoom's do. */
export function newMeetingUuid(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Meeting numbers are 10 or 11 digits: large enough to look like Zoom's, small
 * enough to stay exact as JSON numbers in JavaScript.
 */
export function newMeetingNumber(taken: (id: number) => boolean): number {
  for (;;) {
    const id = randomInt(1_000_000_000, 100_000_000_000);
    if (!taken(id)) return id;
  }
}

export function newPersonalMeetingId(): number {
  return randomInt(1_000_000_000, 10_000_000_000);
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function newDigits(length: number): string {
  let digits = "";
  for (let i = 0; i < length; i++) digits += String(randomInt(0, 10));
  return digits;
}

/** Passcodes Zoom generates are short and alphanumeric. */
export function newPasscode(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let code = "";
  for (let i = 0; i < 6; i++) code += alphabet[randomInt(0, alphabet.length)];
  return code;
}
