/** PKCE (RFC 7636): whether a token request's `code_verifier` answers the code's challenge. */
import { createHash, timingSafeEqual } from "node:crypto";

export interface CodeChallenge {
  /** Null when the authorization request sent none: any verifier, or none, passes. */
  code_challenge: string | null;
  code_challenge_method: string | null;
}

export function verifierMatches(code: CodeChallenge, verifier: string | undefined): boolean {
  if (code.code_challenge === null) return true;
  if (verifier === undefined) return false;
  const derived =
    code.code_challenge_method === "S256"
      ? createHash("sha256").update(verifier).digest("base64url")
      : verifier;
  const a = Buffer.from(derived);
  const b = Buffer.from(code.code_challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}
