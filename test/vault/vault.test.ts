import assert from "node:assert/strict";
import { test } from "node:test";
import { createVault, generateSecretKey, VaultError } from "../../src/vault/vault.ts";

const purpose = "zoom_connections.refresh_token";

function vaultError(action: () => unknown): VaultError {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof VaultError, `expected a VaultError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the vault to refuse");
}

test("a secret encrypts to text that does not contain it and decrypts back", () => {
  const vault = createVault(generateSecretKey());
  const secret = "eyJhbGciOiJIUzUxMiJ9.refresh-token-value";
  const ciphertext = vault.encrypt(secret, purpose);
  assert.ok(!ciphertext.includes(secret));
  assert.ok(ciphertext.startsWith(`v1.${vault.currentKeyId}.`));
  assert.equal(vault.decrypt(ciphertext, purpose), secret);
});

test("the same secret encrypts differently each time", () => {
  const vault = createVault(generateSecretKey());
  assert.notEqual(vault.encrypt("same", purpose), vault.encrypt("same", purpose));
});

test("a tampered ciphertext is refused, not decrypted to garbage", () => {
  const vault = createVault(generateSecretKey());
  const ciphertext = vault.encrypt("secret", purpose);
  const [v, id, payload] = ciphertext.split(".") as [string, string, string];
  const bytes = Buffer.from(payload, "base64url");
  bytes[14] = (bytes[14] ?? 0) ^ 1;
  const error = vaultError(() =>
    vault.decrypt(`${v}.${id}.${bytes.toString("base64url")}`, purpose),
  );
  assert.equal(error.kind, "tampered");
});

test("a ciphertext moved to another purpose does not decrypt there", () => {
  const vault = createVault(generateSecretKey());
  const ciphertext = vault.encrypt("secret", "applications.client_secret");
  assert.equal(vaultError(() => vault.decrypt(ciphertext, purpose)).kind, "tampered");
});

test("a ciphertext under a key that is not configured names the key it needs", () => {
  const writer = createVault(generateSecretKey());
  const reader = createVault(generateSecretKey());
  const error = vaultError(() => reader.decrypt(writer.encrypt("secret", purpose), purpose));
  assert.equal(error.kind, "unknown_key");
  assert.match(error.message, new RegExp(writer.currentKeyId));
});

test("a key given the id of another still fails authentication", () => {
  const writer = createVault(generateSecretKey());
  const reader = createVault(generateSecretKey());
  const forged = writer
    .encrypt("secret", purpose)
    .replace(writer.currentKeyId, reader.currentKeyId);
  assert.equal(vaultError(() => reader.decrypt(forged, purpose)).kind, "tampered");
});

test("after a rotation the old key still decrypts but only the new one encrypts", () => {
  const oldKey = generateSecretKey();
  const before = createVault(oldKey).encrypt("secret", purpose);
  const rotated = createVault(generateSecretKey(), [oldKey]);
  assert.equal(rotated.decrypt(before, purpose), "secret");
  assert.equal(rotated.keyIdOf(rotated.encrypt("secret", purpose)), rotated.currentKeyId);
  assert.notEqual(rotated.keyIdOf(before), rotated.currentKeyId);
});

test("text that is not a ciphertext is refused as malformed", () => {
  const vault = createVault(generateSecretKey());
  for (const bad of ["", "plain", "v2.abc.def", "v1..", "v1.abc.AAAA"]) {
    assert.ok(
      ["malformed", "unknown_key"].includes(vaultError(() => vault.decrypt(bad, purpose)).kind),
    );
  }
  assert.equal(
    vaultError(() => vault.decrypt(`v1.${vault.currentKeyId}.AAAA`, purpose)).kind,
    "malformed",
  );
});
