import assert from "node:assert/strict";
import { test } from "node:test";
import { demoPeople } from "../../src/demo/demo-people.ts";
import { seedDemoData } from "../../src/demo/seed-demo-data.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { startTestApp } from "../support/test-app.ts";
import { webClient } from "../support/web-client.ts";

// A production instance whose database even holds the demo's people (say, copied from a trial):
// one-click sign-in must still not exist.
const confab = await startTestApp(undefined, { env: { NODE_ENV: "production" } });
await seedDemoData(confab.database.db, openVault(confab.config), {
  publicUrl: confab.config.publicUrl,
});

test("in production the demo is off: no demo data is made, no sandbox runs", () => {
  assert.equal(confab.config.demo, false);
  assert.equal(confab.demo, undefined);
});

test("without the demo the sign-in page has neither the banner nor the demo accounts", async () => {
  const page = await webClient(confab.app as NonNullable<typeof confab.app>).get("/sign-in");
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.body, /Demo mode|demo-banner|sign-in\/demo/);
  for (const person of demoPeople) assert.ok(!page.body.includes(person.name));
});

test("without the demo one-click sign-in does not exist, even for a demo person's email", async () => {
  const client = webClient(confab.app as NonNullable<typeof confab.app>);
  await client.get("/sign-in");
  const reply = await client.post("/sign-in/demo", { email: "grace@northwind.example" });
  assert.equal(reply.status, 404);
  assert.equal(
    reply.setCookies.some((c) => c.name.includes("session")),
    false,
  );
});
