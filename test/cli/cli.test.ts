import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { commands, runCli } from "../../src/cli/run-cli.ts";
import { cleanEnv, runConfab, spawnConfab } from "../support/run-confab.ts";

test("--help lists every command and every environment variable, and exits 0", async () => {
  const { code, stdout } = await runConfab(["--help"]);
  assert.equal(code, 0);
  for (const name of [
    "start",
    "web",
    "worker",
    "migrate",
    "keys",
    "zoom-sandbox",
    "microsoft-sandbox",
  ]) {
    assert.match(stdout, new RegExp(`^  ${name}\\s`, "m"));
  }
  for (const variable of ["DATABASE_URL", "CONFAB_DATA_DIR", "CONFAB_SECRET_KEY", "PUBLIC_URL"]) {
    assert.ok(stdout.includes(variable), `${variable} is documented`);
  }
});

test("every command has its own --help that shows its usage", async () => {
  // In process: the command line is the same parser the binary runs (one spawn is shown above and
  // below), and a process per command would only measure how busy the machine is.
  for (const command of commands) {
    const printed: string[] = [];
    const code = await runCli([command.name, "--help"], {
      print: (line) => printed.push(line),
      env: {},
      cwd: process.cwd(),
    });
    assert.equal(code, 0, command.name);
    assert.ok(printed.join("\n").startsWith(`Usage: confab ${command.usage}`), printed.join("\n"));
  }
  const { code, stdout } = await runConfab(["migrate", "--help"]);
  assert.equal(code, 0);
  assert.ok(stdout.startsWith("Usage: confab migrate"), stdout);
});

test("no command at all prints the help and exits non-zero", async () => {
  const { code, stdout } = await runConfab([]);
  assert.equal(code, 2);
  assert.match(stdout, /Commands:/);
});

test("an unknown command is refused by name with exit code 2", async () => {
  const { code, stderr } = await runConfab(["strat"]);
  assert.equal(code, 2);
  assert.match(stderr, /unknown command "strat"/);
});

test("an unknown option is refused with the command's usage and exit code 2", async () => {
  const { code, stderr } = await runConfab(["migrate", "--force"]);
  assert.equal(code, 2);
  assert.match(stderr, /Unknown option '--force'/);
  assert.match(stderr, /Usage: confab migrate/);
});

test("keys without an action says which actions there are", async () => {
  const { code, stderr } = await runConfab(["keys"]);
  assert.equal(code, 2);
  assert.match(stderr, /status, generate or rotate/);
});

test("keys generate --json prints a usable key and its id", async () => {
  const { code, stdout } = await runConfab(["keys", "generate", "--json"]);
  assert.equal(code, 0);
  const { key, key_id } = JSON.parse(stdout);
  assert.equal(Buffer.from(key, "base64").length, 32);
  assert.match(key_id, /^[A-Za-z0-9_-]{8}$/);
});

test("a bad environment stops start before anything runs, naming each variable", async () => {
  const { code, stderr } = await runConfab(
    ["start"],
    cleanEnv({ PORT: "abc", LOG_LEVEL: "chatty" }),
  );
  assert.equal(code, 78);
  assert.match(stderr, /PORT must be a whole number/);
  assert.match(stderr, /LOG_LEVEL must be one of/);
});

test("zoom-sandbox serves Zoom's OAuth and REST API at the URL it prints, and stops on SIGTERM", async () => {
  const sandbox = spawnConfab(["zoom-sandbox", "--port", "0", "--json"], cleanEnv());
  let exited = false;
  void sandbox.exited.then(() => {
    exited = true;
  });
  // Waits as long as the process runs: on a loaded machine it may take a while to start, and
  // the test runner's own timeout bounds the wait.
  let url: string | undefined;
  try {
    while (url === undefined && !exited) {
      url = /\{"url":"([^"]+)"\}/.exec(sandbox.output())?.[1];
      await sleep(50);
    }
    assert.ok(url, `printed its URL: ${sandbox.output()}`);
    const reply = await fetch(`${url}/v2/users/me`);
    assert.equal(reply.status, 401);
    assert.equal(((await reply.json()) as { code: number }).code, 124);
  } finally {
    sandbox.child.kill("SIGTERM");
  }
  assert.equal(await sandbox.exited, 0);
});

test("zoom-sandbox refuses a port that is not a port", async () => {
  const { code, stderr } = await runConfab(["zoom-sandbox", "--port", "http"]);
  assert.equal(code, 2);
  assert.match(stderr, /--port must be a whole number from 0 to 65535/);
});

test("microsoft-sandbox serves Microsoft's sign-in and Graph at the URL it prints, and stops on SIGTERM", async () => {
  const sandbox = spawnConfab(["microsoft-sandbox", "--port", "0", "--json"], cleanEnv());
  let exited = false;
  void sandbox.exited.then(() => {
    exited = true;
  });
  let url: string | undefined;
  try {
    while (url === undefined && !exited) {
      url = /\{"url":"([^"]+)"\}/.exec(sandbox.output())?.[1];
      await sleep(50);
    }
    assert.ok(url, `printed its URL: ${sandbox.output()}`);
    const me = await fetch(`${url}/v1.0/me`);
    assert.equal(me.status, 401);
    const body = (await me.json()) as { error: { code: string } };
    assert.equal(body.error.code, "InvalidAuthenticationToken");
  } finally {
    sandbox.child.kill("SIGTERM");
  }
  assert.equal(await sandbox.exited, 0);
});

test("microsoft-sandbox refuses a port that is not a port", async () => {
  const { code, stderr } = await runConfab(["microsoft-sandbox", "--port", "http"]);
  assert.equal(code, 2);
  assert.match(stderr, /--port must be a whole number from 0 to 65535/);
});
