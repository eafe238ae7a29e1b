import assert from "node:assert/strict";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

const { app, db } = await buildWebApp({ PUBLIC_URL: "https://confab.example.com" });
const password = "correct horse battery";
await createUser(db, { email: "ada@example.com", password });

test("behind TLS the session and CSRF cookies are Secure and host-only (__Host- prefix)", async () => {
  const browser = webClient(app);
  const page = await browser.get("/sign-in");
  const csrf = page.setCookies.find((c) => c.name === "__Host-confab_csrf");
  assert.ok(csrf);
  assert.equal(csrf.secure, true);
  const reply = await browser.signIn("ada@example.com", password);
  const session = reply.setCookies.find((c) => c.name === "__Host-confab_session");
  assert.ok(session, "the session cookie carries the __Host- prefix");
  assert.equal(session.secure, true);
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, "Lax");
  assert.equal(session.path, "/");
  assert.equal(session.domain, undefined);
});
