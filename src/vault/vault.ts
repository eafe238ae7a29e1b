import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

/**
 * Encrypts secrets at rest with AES-256-GCM. A ciphertext reads `v1.<key id>.<payload>`, so
 * any process knows which key made it, and keys can be rotated while old values still open.
 * The `purpose` (e.g. "zoom_connections.refresh_token") is bound in as associated data: a value
 * copied into another column does not decrypt there.
 */
export interface Vault {
  readonly currentKeyId: string;
  encrypt(plaintext: string, purpose: string): string;
  decrypt(ciphertext: string, purpose: string): string;
  keyIdOf(ciphertext: string): string;
}

export type VaultErrorKind = "malformed" | "unknown_key" | "tampered";

export class VaultError extends Error {
  readonly kind: VaultErrorKind;
  constructor(kind: VaultErrorKind, message: string) {
    super(message);
    this.name = "VaultError";
    this.kind = kind;
  }
}

const version = "v1";

/** A key's id: public, stable, and says nothing about the key itself. */
export function keyId(key: Buffer): string {
  return createHmac("sha256", key).update("confab key id").digest("base64url").slice(0, 8);
}

export function generateSecretKey(): string {
  return randomBytes(32).toString("base64");
}

/**
 * @param currentKey encrypts and decrypts (base64 of 32 bytes)
 * @param decryptOnlyKeys only decrypt: earlier keys during a rotation, or the next one before
 *   it is switched on
 */
export function createVault(currentKey: string, decryptOnlyKeys: string[] = []): Vault {
  const current = decodeKey(currentKey);
  const currentKeyId = keyId(current);
  const keys = new Map<string, Buffer>();
  for (const key of [currentKey, ...decryptOnlyKeys].map(decodeKey)) keys.set(keyId(key), key);

  return {
    currentKeyId,
    encrypt(plaintext, purpose) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      cipher.setAAD(associatedData(currentKeyId, purpose));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const payload = Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
      return `${version}.${currentKeyId}.${payload}`;
    },
    decrypt(ciphertext, purpose) {
      const { id, payload } = parse(ciphertext);
      const key = keys.get(id);
      if (!key) {
        throw new VaultError(
          "unknown_key",
          `this secret was encrypted with key ${id}, which is not configured: add that key to CONFAB_DECRYPT_ONLY_KEYS`,
        );
      }
      if (payload.length < 12 + 16) throw new VaultError("malformed", "ciphertext is too short");
      const decipher = createDecipheriv("aes-256-gcm", key, payload.subarray(0, 12));
      decipher.setAAD(associatedData(id, purpose));
      decipher.setAuthTag(payload.subarray(payload.length - 16));
      try {
        return Buffer.concat([
          decipher.update(payload.subarray(12, payload.length - 16)),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        throw new VaultError(
          "tampered",
          "ciphertext failed authentication: it was altered, or belongs to another purpose",
        );
      }
    },
    keyIdOf(ciphertext) {
      return parse(ciphertext).id;
    },
  };
}

function parse(ciphertext: string): { id: string; payload: Buffer } {
  const parts = ciphertext.split(".");
  if (parts.length !== 3 || parts[0] !== version || !parts[1] || !parts[2]) {
    throw new VaultError("malformed", "not a confab ciphertext (expected v1.<key id>.<payload>)");
  }
  return { id: parts[1], payload: Buffer.from(parts[2], "base64url") };
}

function associatedData(id: string, purpose: string): Buffer {
  return Buffer.from(`${version}.${id}.${purpose}`, "utf8");
}

function decodeKey(key: string): Buffer {
  const bytes = Buffer.from(key, "base64");
  if (bytes.length !== 32) throw new VaultError("malformed", "a secret key must be 32 bytes");
  return bytes;
}
