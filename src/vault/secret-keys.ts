import fs from "node:fs";
import path from "node:path";
import type { Config } from "../config.ts";
import { createVault, generateSecretKey, type Vault, VaultError } from "./vault.ts";

export interface SecretKeys {
  current: string;
  decryptOnly: string[];
  /** Where the keys live: the environment (production), or files in the data folder. */
  source: "environment" | "data folder";
}

type KeyConfig = Pick<Config, "secretKey" | "decryptOnlyKeys" | "dataDir">;

const currentKeyFile = "secret-key";
const decryptOnlyKeysFile = "secret-keys-decrypt-only";

/**
 * The keys from CONFAB_SECRET_KEY, or else from the data folder, where the first start
 * generates one (mode 0600) so that trying confab needs no set-up.
 */
export function loadSecretKeys(config: KeyConfig): SecretKeys {
  if (config.secretKey !== undefined) {
    return {
      current: config.secretKey,
      decryptOnly: config.decryptOnlyKeys,
      source: "environment",
    };
  }
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o711 });
  const file = path.join(config.dataDir, currentKeyFile);
  try {
    fs.writeFileSync(file, `${generateSecretKey()}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return {
    current: fs.readFileSync(file, "utf8").trim(),
    decryptOnly: [
      ...config.decryptOnlyKeys,
      ...readLines(path.join(config.dataDir, decryptOnlyKeysFile)),
    ],
    source: "data folder",
  };
}

/**
 * A vault on the configured keys. With keys in the data folder, a value under a key this process
 * has not seen makes it read the folder again: `confab keys rotate --new-key` run beside a live
 * instance then needs no restart.
 */
export function openVault(config: KeyConfig): Vault {
  let keys = loadSecretKeys(config);
  let vault = createVault(keys.current, keys.decryptOnly);
  return {
    get currentKeyId() {
      return vault.currentKeyId;
    },
    encrypt: (plaintext, purpose) => vault.encrypt(plaintext, purpose),
    keyIdOf: (ciphertext) => vault.keyIdOf(ciphertext),
    decrypt(ciphertext, purpose) {
      try {
        return vault.decrypt(ciphertext, purpose);
      } catch (error) {
        if (!(error instanceof VaultError && error.kind === "unknown_key")) throw error;
        if (keys.source !== "data folder") throw error;
        keys = loadSecretKeys(config);
        vault = createVault(keys.current, keys.decryptOnly);
        return vault.decrypt(ciphertext, purpose);
      }
    },
  };
}

/**
 * Makes a new current key in the data folder; the old one stays, decrypt-only, so values not yet
 * re-encrypted (or written meanwhile by a process that still holds it) keep opening.
 */
export function replaceDataFolderKey(config: KeyConfig): { previous: string; current: string } {
  const keys = loadSecretKeys(config);
  if (keys.source !== "data folder") {
    throw new Error(
      "the secret key comes from CONFAB_SECRET_KEY: deploy the new key there (see docs) and run `confab keys rotate` without --new-key",
    );
  }
  const current = generateSecretKey();
  const decryptOnlyFile = path.join(config.dataDir, decryptOnlyKeysFile);
  const earlier = readLines(decryptOnlyFile);
  fs.writeFileSync(decryptOnlyFile, `${[...earlier, keys.current].join("\n")}\n`, { mode: 0o600 });
  // Written to a temporary file first so a crash never leaves the folder without a key.
  const file = path.join(config.dataDir, currentKeyFile);
  fs.writeFileSync(`${file}.new`, `${current}\n`, { mode: 0o600 });
  fs.renameSync(`${file}.new`, file);
  return { previous: keys.current, current };
}

function readLines(file: string): string[] {
  try {
    return fs
      .readFileSync(file, "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
  } catch {
    return [];
  }
}
