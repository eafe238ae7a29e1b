import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { EmbeddedPostgresError } from "./embedded-postgres-error.ts";
import { firstClosedFolder, type Owner, ownerCanReach } from "./postgres-owner.ts";

/**
 * Where the cluster of a data folder lives: `<dataDir>/postgres`, or, when the owner cannot
 * pass through to the data folder (one inside root's 0700 home), a folder in the shared one
 * keyed by the data folder's real path, so every start on that data folder finds it again.
 */
export async function reachableCluster(
  dataDir: string,
  owner: Owner | undefined,
  sharedFolder: () => Promise<string>,
  logger: Logger,
): Promise<string> {
  const inPlace = path.join(dataDir, "postgres");
  if (!owner || (await ownerCanReach(owner, dataDir))) return inPlace;

  const closed = (await firstClosedFolder(owner, dataDir)) ?? dataDir;
  // A cluster that is already there holds data; starting an empty one elsewhere would hide it.
  if (await exists(path.join(inPlace, "PG_VERSION"))) {
    throw new EmbeddedPostgresError(
      `the postgres user cannot reach the cluster in ${inPlace} because ${closed} is closed to it: run \`chmod o+x ${closed}\` and start again, or set DATABASE_URL to use a PostgreSQL server instead`,
    );
  }
  const source = await fs.realpath(dataDir);
  const key = createHash("sha256").update(source).digest("hex").slice(0, 16);
  const home = path.join(await sharedFolder(), "clusters", key);
  await fs.mkdir(home, { recursive: true, mode: 0o711 });
  await fs.chmod(path.dirname(home), 0o711);
  await fs.chmod(home, 0o711);
  // Whoever finds this folder learns whose cluster it is.
  await fs.writeFile(path.join(home, "data-folder"), `${source}\n`);
  const pgData = path.join(home, "postgres");
  logger.info(
    { dataDir: source, pgData, closed },
    "the postgres user cannot reach the data folder: its PostgreSQL cluster is kept in pgData",
  );
  return pgData;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
