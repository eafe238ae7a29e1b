import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { startMicrosoftSandbox } from "../index.ts";
import { call, connect, REDIRECT_URI, tokenRequest } from "./sandbox-fixture.ts";

const folder = await fs.mkdtemp(path.join(os.tmpdir(), "microsoft-sandbox-state-"));
after(() => fs.rm(folder, { recursive: true, force: true }));

async function control(url: string, route: string, body?: unknown) {
  const reply = await call(`${url}/_sandbox${route}`, body === undefined ? {} : { body });
  assert.ok(reply.status < 400, `${route}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

test("without a state file nothing is written and nothing is restored", async () => {
  const sandbox = await startMicrosoftSandbox({ port: 0 });
  assert.equal(sandbox.restored, false);
  await control(sandbox.url, "/tenants", { display_name: "Contoso", domain: "contoso.example" });
  await sandbox.close();
  assert.deepEqual(await fs.readdir(folder), []);
});

test("a sandbox restarted on its state file still knows its directory, apps and tokens", async () => {
  const stateFile = path.join(folder, "restart", "microsoft.json");
  const first = await startMicrosoftSandbox({ port: 0, stateFile });
  assert.equal(first.restored, false);
  const tenant = await control(first.url, "/tenants", {
    display_name: "Contoso",
    domain: "contoso.example",
  });
  await control(first.url, "/users", {
    email: "ada@contoso.example",
    account_type: "work",
    tenant_id: tenant.id,
  });
  const app = await control(first.url, "/apps", { name: "Kept", redirect_uris: [REDIRECT_URI] });
  const tokens = await connect(first.url, app, "ada@contoso.example");
  await first.close();
  const mode = (await fs.stat(stateFile)).mode & 0o777;
  assert.equal(mode, 0o600);

  const second = await startMicrosoftSandbox({ port: 0, stateFile });
  after(() => second.close());
  assert.equal(second.restored, true);
  const me = await call(`${second.url}/v1.0/me`, { token: tokens.access_token });
  assert.equal(me.status, 200, JSON.stringify(me.body));
  assert.equal(me.body.userPrincipalName, "ada@contoso.example");
  const refreshed = await tokenRequest(second.url, {
    grant_type: "refresh_token",
    client_id: app.client_id,
    client_secret: app.client_secret,
    refresh_token: tokens.refresh_token,
  });
  assert.equal(refreshed.status, 200);
  const consumers = (await control(second.url, "/tenants")).filter(
    (known: { id: string }) => known.id === "9188040d-6c67-4c5b-b112-36a304b66dad",
  );
  assert.equal(consumers.length, 1);
});

test("a file that is not this sandbox's state stops the start with a message", async () => {
  const stateFile = path.join(folder, "foreign.json");
  await fs.writeFile(
    stateFile,
    JSON.stringify({ format: "zoom-sandbox-state", version: 1, state: {} }),
  );
  await assert.rejects(
    startMicrosoftSandbox({ port: 0, stateFile }),
    /not a state file of this sandbox/,
  );
  await fs.writeFile(stateFile, "{broken");
  await assert.rejects(startMicrosoftSandbox({ port: 0, stateFile }), /is not JSON/);
});
