import assert from "node:assert/strict";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

const { app, db } = await buildWebApp();
const password = "correct horse battery";
await createUser(db, { email: "ada@example.com", password });

test("passwords are stored as argon2id hashes, never as given", async () => {
  const row = await db
    .selectFrom("users")
    .select("password_hash")
    .where("email", "=", "ada@example.com")
    .executeTakeFirstOrThrow();
  assert.match(row.password_hash, /^\$argon2id\$/);
  assert.ok(!row.password_hash.includes(password));
});

test("a wrong current password and a short new one are both shown by their fields; nothing changes", async () => {
  const browser = webClient(app);
  await browser.signIn("ada@example.com", password);
  await browser.get("/account");
  const reply = await browser.post("/account/password", {
    current_password: "wrong",
    new_password: "short",
  });
  assert.equal(reply.status, 400);
  assert.match(
    reply.body,
    /id="field-current_password-error"[^>]*>This is not your current password/,
  );
  assert.match(reply.body, /id="field-new_password-error"[^>]*>Use at least 10 characters/);
  await webClient(app).signIn("ada@example.com", password);
});

test("changing the password keeps this session and signs out every other one", async () => {
  const here = webClient(app);
  const elsewhere = webClient(app);
  await here.signIn("ada@example.com", password);
  await elsewhere.signIn("ada@example.com", password);
  await here.get("/account");
  const reply = await here.post("/account/password", {
    current_password: password,
    new_password: "a much better passphrase",
  });
  assert.equal(reply.status, 200);
  assert.match(reply.body, /Your password is changed/);
  assert.equal((await here.get("/account")).status, 200);
  assert.equal((await elsewhere.get("/account")).status, 303);
  await webClient(app).signIn("ada@example.com", "a much better passphrase");
});

test("Your account has a Conferencing services section that leads to its page", async () => {
  const browser = webClient(app);
  await browser.signIn("ada@example.com", "a much better passphrase");
  const account = await browser.get("/account");
  assert.match(account.body, /<h2 id="conferencing-heading">Conferencing services<\/h2>/);
  assert.match(account.body, /href="\/account\/conferencing"/);
  assert.equal((await browser.get("/account/conferencing")).status, 200);
});

test("wrong current passwords count as failed sign-ins: after the free tries, even the right one waits", async () => {
  await createUser(db, { email: "oracle@example.com", password });
  const browser = webClient(app);
  await browser.signIn("oracle@example.com", password);
  await browser.get("/account");
  for (let i = 0; i < 5; i++) {
    const wrong = await browser.post("/account/password", {
      current_password: `guess ${i}`,
      new_password: "a brand new passphrase",
    });
    assert.equal(wrong.status, 400);
  }
  const blocked = await browser.post("/account/password", {
    current_password: password,
    new_password: "a brand new passphrase",
  });
  assert.equal(blocked.status, 429);
  assert.match(blocked.body, /Too many failed attempts/);
  await db.deleteFrom("sign_in_failures").where("email", "=", "oracle@example.com").execute();
  await webClient(app).signIn("oracle@example.com", password);
});
