/** Identifiers shaped like Graph's: long opaque item ids, GUIDs, hex iCalUIds, change keys. */
import { randomBytes, randomUUID } from "node:crypto";

/** Outlook item ids are long URL-safe base64 strings beginning `AAMk`. */
export function newItemId(): string {
  return `AAMk${randomBytes(48).toString("base64url")}`;
}

export function newGuid(): string {
  return randomUUID();
}

export function newICalUId(): string {
  return `040000008200E00074C5B7101A82E008${randomBytes(24).toString("hex").toUpperCase()}`;
}

/** Changes on every modification of an item, as Outlook's does. */
export function newChangeKey(): string {
  return randomBytes(12).toString("base64");
}

export function newDigits(count: number): string {
  let digits = String(1 + ((randomBytes(1)[0] ?? 0) % 9));
  while (digits.length < count) digits += String((randomBytes(1)[0] ?? 0) % 10);
  return digits;
}

export function newToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}
