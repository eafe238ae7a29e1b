/**
 * Alternative hosts must be licensed users in the host's own Zoom account
 * (zoom.md item 11). Zoom answers a 400 for anyone else; the sandbox uses code
 * 1114 with a message naming the address, so a client can tell the user which
 * one to fix.
 */
import { ZoomApiError } from "../api/zoom-error.ts";
import { findUserByEmail, type SandboxState, type User } from "../state.ts";

export function checkAlternativeHosts(state: SandboxState, host: User, value: unknown): string {
  if (typeof value !== "string") return "";
  const emails = value
    .split(/[;,]/)
    .map((email) => email.trim())
    .filter((email) => email !== "");
  for (const email of emails) {
    const user = findUserByEmail(state, email);
    if (user === undefined || user.account_id !== host.account_id || user.type !== 2) {
      throw new ZoomApiError(
        400,
        1114,
        `Invalid alternative host: ${email}. Alternative hosts must be licensed users in the same account as the host.`,
      );
    }
  }
  return emails.join(";");
}
