import assert from "node:assert/strict";
import net from "node:net";
import os from "node:os";
import { test } from "node:test";
import { sql } from "kysely";
import { startMicrosoftSandbox } from "../../sandbox/microsoft/index.ts";
import { startZoomSandbox } from "../../sandbox/zoom/index.ts";
import { startWorker } from "../../src/jobs/start-worker.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { createVault, generateSecretKey, keyId } from "../../src/vault/vault.ts";
import { cleanup } from "../support/cleanup.ts";
import { useMailCatcher } from "../support/mail-catcher.ts";
import { cleanEnv, runConfab } from "../support/run-confab.ts";
import { useTestDatabase } from "../support/test-database.ts";

const zoom = await startZoomSandbox({ port: 0 });
cleanup(() => zoom.close());
const mail = await useMailCatcher();
const secretKey = generateSecretKey();

/** An instance set up for production as the guide says, against the Zoom sandbox. */
function productionEnv(databaseUrl: string, extra: Record<string, string> = {}) {
  return cleanEnv({
    NODE_ENV: "production",
    PUBLIC_URL: "https://confab.example.com",
    DATABASE_URL: databaseUrl,
    CONFAB_SECRET_KEY: secretKey,
    ZOOM_USER_CLIENT_ID: "confab-user-app",
    ZOOM_USER_CLIENT_SECRET: "user-app-secret-0123456789",
    ZOOM_ORG_CLIENT_ID: "confab-org-app",
    ZOOM_ORG_CLIENT_SECRET: "org-app-secret-0123456789",
    ZOOM_WEBHOOK_SECRET: "p2Hk9xQ7tLm4Vb8Rz1Wc3A",
    ZOOM_OAUTH_BASE_URL: zoom.url,
    ZOOM_API_BASE_URL: `${zoom.url}/v2`,
    CONFAB_METRICS_TOKEN: "scrape-token-0123456789",
    CONFAB_TRUSTED_PROXIES: "127.0.0.1",
    SMTP_URL: mail.smtpUrl,
    ...extra,
  });
}

interface Report {
  ok: boolean;
  checks: {
    check: string;
    status: "pass" | "warn" | "fail";
    summary: string;
    findings: { problem: string; fix: string }[];
  }[];
}

async function doctorJson(env: NodeJS.ProcessEnv) {
  const { code, stdout, stderr } = await runConfab(["doctor", "--json"], env);
  assert.equal(stderr, "", "nothing but the report is printed");
  const report = JSON.parse(stdout) as Report;
  const status = (name: string) => report.checks.find((c) => c.check === name)?.status;
  return { code, report, status };
}

/** A database with a worker running on it, as a healthy deployment has. */
async function healthyDatabase() {
  const database = await useTestDatabase();
  const worker = await startWorker({
    db: database.db,
    pool: database.pool,
    taskList: {},
    concurrency: 1,
    logger: createLogger("silent"),
  });
  cleanup(() => worker.stop());
  return database;
}

/** A port on this machine where nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("doctor passes a healthy production set-up, each check on a line of its own, and exits 0", async () => {
  const database = await healthyDatabase();
  const { code, stdout } = await runConfab(["doctor"], productionEnv(database.connectionString));
  assert.equal(code, 0, stdout);
  for (const name of ["configuration", "database", "migrations", "worker", "zoom"]) {
    assert.match(stdout, new RegExp(`^✓ ${name}: `, "m"), stdout);
  }
  assert.match(stdout, /^✓ webhook-secret: set for the user-managed and admin-managed app$/m);
  assert.match(stdout, /^✓ encryption-keys: current key /m);
  assert.match(
    stdout,
    new RegExp(
      `^✓ worker: 1 worker process\\(es\\) seen in the last 30 s \\(on ${os.hostname()}\\)$`,
      "m",
    ),
  );
  // Pointing production at the sandbox is worth a look, not a failure.
  assert.match(stdout, /^! production: 1 thing\(s\) to settle before production$/m);
  assert.match(stdout, /names this machine \(a Zoom sandbox\?\)/);
});

test("doctor --json reports every check with its status, summary and findings", async () => {
  const database = await healthyDatabase();
  const { code, report } = await doctorJson(productionEnv(database.connectionString));
  assert.equal(code, 0);
  assert.equal(report.ok, true);
  assert.deepEqual(
    report.checks.map((c) => c.check),
    [
      "configuration",
      "production",
      "database",
      "migrations",
      "worker",
      "zoom",
      "webhook-secret",
      "mail",
      "encryption-keys",
    ],
  );
  for (const check of report.checks) {
    assert.equal(typeof check.summary, "string");
    assert.ok(Array.isArray(check.findings));
    if (check.status === "pass") assert.deepEqual(check.findings, []);
  }
  const production = report.checks.find((c) => c.check === "production");
  assert.equal(production?.status, "warn");
  assert.match(production?.findings[0]?.fix ?? "", /unset both to use zoom\.us/);
});

test("doctor warns about production without trusted proxies or a way to scrape metrics, saying what to set", async () => {
  const database = await healthyDatabase();
  const { code, report } = await doctorJson(
    productionEnv(database.connectionString, {
      CONFAB_TRUSTED_PROXIES: "",
      CONFAB_METRICS_TOKEN: "",
    }),
  );
  assert.equal(code, 0, "warnings do not fail doctor");
  const findings = report.checks.find((c) => c.check === "production")?.findings ?? [];
  const problems = findings.map((f) => f.problem).join("\n");
  assert.match(problems, /CONFAB_TRUSTED_PROXIES is unset/);
  assert.match(problems, /\/metrics is not served/);
  assert.ok(findings.some((f) => /CONFAB_METRICS_TOKEN/.test(f.fix)));
});

test("without a worker's heartbeat, doctor fails and says to run a worker", async () => {
  const database = await useTestDatabase();
  const { code, stdout } = await runConfab(["doctor"], productionEnv(database.connectionString));
  assert.equal(code, 1);
  assert.match(stdout, /^✗ worker: no worker seen in the last 30 s: events stay pending$/m);
  assert.match(stdout, /^ {4}→ run `confab worker` \(or `confab start`\) against this database/m);
});

test("a worker that stopped beating long ago is named with where it ran", async () => {
  const database = await useTestDatabase();
  await sql`insert into worker_heartbeats (worker_id, hostname, pid, seen_at)
            values ('w1', 'worker-7', 4242, now() - interval '3 hours')`.execute(database.db);
  const { code, report } = await doctorJson(productionEnv(database.connectionString));
  assert.equal(code, 1);
  const worker = report.checks.find((c) => c.check === "worker");
  assert.equal(worker?.status, "fail");
  assert.match(worker?.summary ?? "", /the last one was seen 3 h ago on worker-7 \(pid 4242\)/);
});

test("a pending migration fails doctor by name, says to run confab migrate, and is left pending", async () => {
  const database = await healthyDatabase();
  const { rows } = await sql<{ name: string }>`
    delete from confab_migrations
    where name = (select max(name) from confab_migrations) returning name`.execute(database.db);
  const pending = rows[0]?.name as string;
  const { code, stdout } = await runConfab(["doctor"], productionEnv(database.connectionString));
  assert.equal(code, 1);
  assert.match(stdout, new RegExp(`^✗ migrations: 1 pending: ${pending}$`, "m"));
  assert.match(stdout, /^ {4}→ run `confab migrate`/m);
  const after = await sql`select 1 from confab_migrations where name = ${pending}`.execute(
    database.db,
  );
  assert.equal(after.rows.length, 0, "doctor does not migrate");
});

test("a Zoom base that does not answer fails doctor, naming the variable to check", async () => {
  const database = await healthyDatabase();
  const port = await closedPort();
  const env = productionEnv(database.connectionString, {
    ZOOM_OAUTH_BASE_URL: `http://127.0.0.1:${port}`,
  });
  const { code, stdout } = await runConfab(["doctor"], env);
  assert.equal(code, 1);
  assert.match(
    stdout,
    new RegExp(`^✗ zoom: http://127.0.0.1:${port} did not answer: ECONNREFUSED$`, "m"),
  );
  assert.match(stdout, /^ {4}→ check ZOOM_OAUTH_BASE_URL, DNS, and that outbound HTTPS/m);
});

test("with a Microsoft app configured, doctor checks that Microsoft's sign-in and Graph answer", async () => {
  const database = await healthyDatabase();
  const microsoft = await startMicrosoftSandbox({ port: 0 });
  cleanup(() => microsoft.close());
  const teams = {
    MICROSOFT_USER_CLIENT_ID: "confab-teams-app",
    MICROSOFT_USER_CLIENT_SECRET: "teams-app-secret-0123456789",
    MICROSOFT_AUTHORITY_URL: microsoft.url,
    MICROSOFT_GRAPH_URL: microsoft.url,
  };
  const { code, status, report } = await doctorJson(
    productionEnv(database.connectionString, teams),
  );
  assert.equal(code, 0);
  assert.equal(status("microsoft"), "pass");
  assert.equal(
    report.checks.find((c) => c.check === "microsoft")?.summary,
    `${microsoft.url} answers`,
  );

  const port = await closedPort();
  const down = await runConfab(
    ["doctor"],
    productionEnv(database.connectionString, {
      ...teams,
      MICROSOFT_GRAPH_URL: `http://127.0.0.1:${port}`,
    }),
  );
  assert.equal(down.code, 1);
  assert.match(
    down.stdout,
    new RegExp(`^✗ microsoft: http://127.0.0.1:${port} did not answer: ECONNREFUSED$`, "m"),
  );
  assert.match(down.stdout, /^ {4}→ check MICROSOFT_GRAPH_URL, DNS, and that outbound HTTPS/m);
});

test("without a Microsoft app, doctor has no Microsoft check: Teams is simply off", async () => {
  const database = await healthyDatabase();
  const { status } = await doctorJson(productionEnv(database.connectionString));
  assert.equal(status("microsoft"), undefined);
});

test("production readiness looks at the Microsoft settings once a Microsoft app is set: a sandbox on this machine is worth a look", async () => {
  const database = await healthyDatabase();
  const microsoft = await startMicrosoftSandbox({ port: 0 });
  cleanup(() => microsoft.close());
  const { code, report } = await doctorJson(
    productionEnv(database.connectionString, {
      MICROSOFT_USER_CLIENT_ID: "confab-teams-app",
      MICROSOFT_USER_CLIENT_SECRET: "teams-app-secret-0123456789",
      MICROSOFT_AUTHORITY_URL: microsoft.url,
      MICROSOFT_GRAPH_URL: microsoft.url,
    }),
  );
  assert.equal(code, 0);
  const production = report.checks.find((c) => c.check === "production");
  assert.equal(production?.status, "warn");
  assert.ok(
    production?.findings.some(
      (f) =>
        /MICROSOFT_AUTHORITY_URL or MICROSOFT_GRAPH_URL names this machine \(a Microsoft sandbox\?\)/.test(
          f.problem,
        ) && /login\.microsoftonline\.com and graph\.microsoft\.com/.test(f.fix),
    ),
    JSON.stringify(production),
  );
});

test("a Microsoft authority over plain http to another machine fails doctor in production, naming the variable", async () => {
  const database = await healthyDatabase();
  const { code, status, report } = await doctorJson(
    productionEnv(database.connectionString, {
      MICROSOFT_USER_CLIENT_ID: "confab-teams-app",
      MICROSOFT_USER_CLIENT_SECRET: "teams-app-secret-0123456789",
      MICROSOFT_AUTHORITY_URL: "http://login.microsoft.example",
    }),
  );
  assert.equal(code, 1);
  assert.equal(status("microsoft"), "fail");
  const microsoft = report.checks.find((c) => c.check === "microsoft");
  assert.match(
    microsoft?.summary ?? "",
    /^MICROSOFT_AUTHORITY_URL http:\/\/login\.microsoft\.example is not https/,
  );
});

test("a Microsoft user app without its secret fails doctor's configuration, saying the two go together", async () => {
  const database = await healthyDatabase();
  const { code, report } = await doctorJson(
    productionEnv(database.connectionString, { MICROSOFT_USER_CLIENT_ID: "confab-teams-app" }),
  );
  assert.equal(code, 1);
  const configuration = report.checks.find((c) => c.check === "configuration");
  assert.equal(configuration?.status, "fail");
  assert.match(
    configuration?.findings.map((f) => f.problem).join("\n") ?? "",
    /MICROSOFT_USER_CLIENT_ID and MICROSOFT_USER_CLIENT_SECRET go together/,
  );
});

test("a Zoom base over plain http to another machine fails before anything is sent", async () => {
  const database = await healthyDatabase();
  const env = productionEnv(database.connectionString, {
    ZOOM_API_BASE_URL: "http://api.zoom.example/v2",
  });
  const { code, status, report } = await doctorJson(env);
  assert.equal(code, 1);
  assert.equal(status("zoom"), "fail");
  assert.match(report.checks.find((c) => c.check === "zoom")?.summary ?? "", /is not https/);
});

test("a Zoom app without a webhook secret fails doctor, saying where the secret comes from", async () => {
  const database = await healthyDatabase();
  const { code, stdout } = await runConfab(
    ["doctor"],
    productionEnv(database.connectionString, { ZOOM_WEBHOOK_SECRET: "" }),
  );
  assert.equal(code, 1);
  assert.match(
    stdout,
    /^✗ webhook-secret: no Secret Token for the user-managed and the admin-managed Zoom app/m,
  );
  assert.match(
    stdout,
    /→ copy each app's Secret Token from its Features → Access page into ZOOM_USER_WEBHOOK_SECRET/,
  );
});

test("a webhook secret too short to be Zoom's is a warning, which does not fail doctor", async () => {
  const database = await healthyDatabase();
  const { code, status } = await doctorJson(
    productionEnv(database.connectionString, { ZOOM_WEBHOOK_SECRET: "abc123" }),
  );
  assert.equal(code, 0);
  assert.equal(status("webhook-secret"), "warn");
});

test("a stored secret under a key that is not configured fails doctor, naming the key id", async () => {
  const database = await healthyDatabase();
  const lostKey = generateSecretKey();
  const lostId = keyId(Buffer.from(lostKey, "base64"));
  const verifier = createVault(lostKey).encrypt("verifier", "oauth_states.code_verifier");
  await sql`insert into oauth_states
              (state_hash, provider, kind, owner_ref, binding, code_verifier, return_to, expires_at)
            values ('s1', 'zoom', 'personal', 'usr_1', 'b', ${verifier}, '/', now() + interval '5 minutes')`.execute(
    database.db,
  );
  const { code, stdout } = await runConfab(["doctor"], productionEnv(database.connectionString));
  assert.equal(code, 1);
  assert.match(
    stdout,
    new RegExp(
      `1 secret\\(s\\) \\(oauth_states.code_verifier\\) are under key ${lostId}, which is not configured`,
    ),
  );
  assert.match(
    stdout,
    new RegExp(`→ add the key whose id is ${lostId} to CONFAB_DECRYPT_ONLY_KEYS`),
  );

  const { code: withKey, status } = await doctorJson(
    productionEnv(database.connectionString, { CONFAB_DECRYPT_ONLY_KEYS: lostKey }),
  );
  assert.equal(withKey, 0);
  assert.equal(status("encryption-keys"), "warn", "a rotation left to finish");
});

test("a configuration confab would not start with fails doctor, naming each variable", async () => {
  const { code, report } = await doctorJson(cleanEnv({ NODE_ENV: "production", PORT: "http" }));
  assert.equal(code, 1);
  assert.equal(report.ok, false);
  assert.deepEqual(
    report.checks.map((c) => [c.check, c.status]),
    [["configuration", "fail"]],
  );
  const problems = report.checks[0]?.findings.map((f) => f.problem).join("\n") ?? "";
  assert.match(problems, /PORT must be a whole number/);
  assert.match(problems, /DATABASE_URL is required/);
  assert.match(problems, /CONFAB_SECRET_KEY is required/);
});

test("an unreachable database fails doctor and the checks that need it say they were not checked", async () => {
  const port = await closedPort();
  const { code, report, status } = await doctorJson(
    productionEnv(`postgres://confab:secret@127.0.0.1:${port}/confab`),
  );
  assert.equal(code, 1);
  assert.equal(status("database"), "fail");
  for (const name of ["migrations", "worker", "encryption-keys"]) {
    const check = report.checks.find((c) => c.check === name);
    assert.equal(check?.status, "warn");
    assert.equal(check?.summary, "not checked: the database is unreachable");
  }
  assert.equal(status("zoom"), "pass", "Zoom is checked all the same");
});
