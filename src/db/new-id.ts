import { randomBytes } from "node:crypto";

/** A public id: a prefix that says what it names, then 20 random lower-case hex characters. */
export function newId(prefix: "usr" | "org" | "prg" | "app" | "inv" | "mail"): string {
  return `${prefix}_${randomBytes(10).toString("hex")}`;
}
