import { createHash, randomBytes } from "node:crypto";

/**
 * The secret in a mailed link (an invitation, a password reset). Only its hash is stored, so a
 * copy of the database opens nothing.
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
