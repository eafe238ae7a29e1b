import assert from "node:assert/strict";
import { test } from "node:test";
import { sealOutcomeMessage } from "../../src/connections/connection-outcome-message.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

const { app, db, config } = await buildWebApp();
const tenant = await seedTenant(db, "Spoof Works");
const client = webClient(app);
await client.signIn(tenant.users.mentor.email, password);

test("a message put into a link by someone else is not shown as confab's own alert", async () => {
  const page = await client.get(
    "/account/conferencing?connection_result=refused&connection_message=Your+account+is+locked.+Call+us",
  );
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.body, /Your account is locked/);
  assert.match(page.body, /The provider refused the connection\./, "a neutral message instead");
});

test("the reason confab itself gave is shown", async () => {
  const sealed = sealOutcomeMessage(openVault(config), "Zoom requires a paid plan.");
  const page = await client.get(
    `/account/conferencing?connection_result=refused&connection_message=${encodeURIComponent(sealed)}`,
  );
  assert.match(page.body, /Zoom requires a paid plan\./);
});
