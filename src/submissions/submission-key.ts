import { randomBytes } from "node:crypto";

/** What a form that makes something is for: a key is good for one purpose only. */
export type SubmissionPurpose =
  | "application.register"
  | "application.rotate_secret"
  | "meeting.create"
  | "meeting.split_series"
  | "member.invite"
  | "organization.create"
  | "program.create";

/** A fresh key for one rendering of a form: random, so nobody can guess another's. */
export function newSubmissionKey(): string {
  return randomBytes(18).toString("base64url");
}

export function isSubmissionKey(text: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(text);
}
