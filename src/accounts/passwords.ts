import { hash, verify } from "@node-rs/argon2";

export const minimumPasswordLength = 10;
const maximumPasswordLength = 200;

/** The library's default algorithm is argon2id with OWASP's recommended costs. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Compared against when no account matches, so a wrong email takes as long as a wrong password.
const unmatchable = hashPassword("confab: no account has this password");

export async function verifyPassword(passwordHash: string | undefined, password: string) {
  if (passwordHash === undefined) {
    await verify(await unmatchable, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** Why a new password is not acceptable, or undefined when it is. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < minimumPasswordLength) {
    return `Use at least ${minimumPasswordLength} characters.`;
  }
  if (password.length > maximumPasswordLength) {
    return `Use at most ${maximumPasswordLength} characters.`;
  }
  return undefined;
}
