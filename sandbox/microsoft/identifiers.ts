import { randomBytes, randomUUID } from "node:crypto";

/** Tenant ids, object ids of work accounts and client ids are GUIDs, as Microsoft's are. */
export function newGuid(): string {
  return randomUUID();
}

/** A personal Microsoft account's Graph id is 16 hexadecimal digits, e.g. `6e7b768e07e4c2f1`. */
export function newPersonalAccountId(): string {
  return randomBytes(8).toString("hex");
}

/** Codes, tokens and session cookies: random, and nothing a client can read meaning into. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
