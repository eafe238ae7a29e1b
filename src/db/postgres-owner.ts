import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The user the embedded PostgreSQL runs as when confab runs as root. */
export interface Owner {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
export async function postgresOwner(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async () => ({
    uid: Number((await run("id", ["-u", "postgres"])).stdout.trim()),
    gid: Number((await run("id", ["-g", "postgres"])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    await run("groupadd", ["--system", "postgres"]).catch(() => undefined);
    await run("useradd", ["--system", "--gid", "postgres", "--no-create-home", "postgres"]);
    return await lookup();
  }
}

/**
 * Whether the owner can pass through (a folder) or run (a file) `target`. Asked of the user
 * itself, started the way the server will be, so mode bits, ACLs and groups all count as they
 * will then; a folder on the way that is closed to it makes the answer no.
 */
export async function ownerCanReach(owner: Owner, target: string): Promise<boolean> {
  try {
    await run("test", ["-x", target], { uid: owner.uid, gid: owner.gid, cwd: "/" });
    return true;
  } catch {
    return false;
  }
}

/** The outermost folder on the way to `target` that the owner cannot pass through. */
export async function firstClosedFolder(owner: Owner, target: string): Promise<string | undefined> {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let depth = 0; depth <= parts.length; depth++) {
    const folder = path.join(path.sep, ...parts.slice(0, depth));
    if (!(await ownerCanReach(owner, folder))) return folder;
  }
  return undefined;
}
