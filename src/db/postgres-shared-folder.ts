import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { EmbeddedPostgresError } from "./embedded-postgres-error.ts";
import { type Owner, ownerCanReach } from "./postgres-owner.ts";

/**
 * Where, as root, confab keeps what the `postgres` user must reach but cannot where it is (the
 * binaries under a closed home folder, a cluster for a data folder inside one): a root-owned
 * 0755 folder, `/var/lib/confab` or else `<tmp>/confab`.
 */
export async function postgresSharedFolder(owner: Owner, given?: string): Promise<string> {
  const candidates = given ? [given] : ["/var/lib/confab", path.join(os.tmpdir(), "confab")];
  for (const folder of candidates) {
    if (await claim(folder, owner)) return folder;
  }
  throw new EmbeddedPostgresError(
    `the postgres user can reach none of ${candidates.join(", ")}: create ${candidates[0]} as root with mode 0755 (on a path open to others), or set DATABASE_URL to use a PostgreSQL server instead`,
  );
}

async function claim(folder: string, owner: Owner): Promise<boolean> {
  try {
    await fs.mkdir(folder, { recursive: true, mode: 0o755 });
    const stat = await fs.lstat(folder);
    // Someone else's folder could hold binaries of their choosing: only root's will do.
    if (!stat.isDirectory() || stat.uid !== 0) return false;
    await fs.chmod(folder, 0o755);
    return await ownerCanReach(owner, folder);
  } catch {
    return false;
  }
}
