import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import { signIn } from "../../src/accounts/sign-in.ts";
import { signInLimits } from "../../src/accounts/sign-in-throttle.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

const { app, db } = await buildWebApp();
const password = "correct horse battery";
const ada = await createUser(db, { email: "Ada@Example.com", password, name: "Ada" });

test("signing in with the right password sets an httpOnly, SameSite=Lax session cookie and lands on the page asked for", async () => {
  const browser = webClient(app);
  await browser.get("/sign-in");
  const reply = await browser.post("/sign-in", {
    email: " ada@example.COM ",
    password,
    next: "/account",
  });
  assert.equal(reply.status, 303);
  assert.equal(reply.location, "/account");
  const cookie = reply.setCookies.find((c) => c.name === "confab_session");
  assert.ok(cookie, "a session cookie is set");
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, "Lax");
  assert.equal(cookie.secure, undefined, "not Secure on plain http");
  const account = await browser.get("/account");
  assert.equal(account.status, 200);
  assert.match(account.body, /ada@example\.com/);
});

test("only a SHA-256 hash of the session id is stored", async () => {
  const browser = webClient(app);
  await browser.signIn("ada@example.com", password);
  const sessionId = browser.jar.get("confab_session") as string;
  const rows = await db.selectFrom("sessions").select("id_hash").execute();
  const hashes = rows.map((r) => r.id_hash);
  assert.ok(!hashes.includes(sessionId));
  assert.ok(hashes.includes(createHash("sha256").update(sessionId).digest("hex")));
});

test("a wrong password and an unknown email get the same generic answer", async () => {
  const wrongPassword = await webClient(app).post("/sign-in", {
    email: "ada@example.com",
    password: "not the password",
  });
  const unknown = await webClient(app).post("/sign-in", {
    email: "nobody@example.com",
    password,
  });
  assert.equal(wrongPassword.status, 401);
  assert.equal(unknown.status, 401);
  const message = (body: string) => /role="alert">([^<]+)</.exec(body)?.[1];
  assert.equal(message(wrongPassword.body), "That email and password do not match an account.");
  assert.equal(message(unknown.body), message(wrongPassword.body));
  assert.ok(!wrongPassword.setCookies.some((c) => c.name === "confab_session"));
});

test("after the free failures for one email from one address, the right password from there waits, while from another address it signs in at once", async () => {
  await createUser(db, { email: "grace@example.com", password });
  const from = (ip: string, pass: string) =>
    signIn(db, { email: "grace@example.com", password: pass, ip });
  for (let i = 0; i < signInLimits.freePerPair; i++) {
    await assert.rejects(from("203.0.113.5", `wrong ${i}`), { kind: "unauthenticated" });
  }
  await assert.rejects(from("203.0.113.5", password), {
    kind: "rate_limited",
    message: /Too many failed attempts\. Try again in 30 seconds/,
  });
  const owner = await from("198.51.100.8", password);
  assert.equal(owner.email, "grace@example.com");
  // Once the failures are forgotten, the right password works from the first address too.
  await db.deleteFrom("sign_in_failures").where("email", "=", "grace@example.com").execute();
  assert.equal((await from("203.0.113.5", password)).email, "grace@example.com");
});

test("a session id planted before sign-in is replaced, and the planted one signs nobody in", async () => {
  const victim = webClient(app);
  await victim.get("/sign-in");
  const planted = "A".repeat(43);
  victim.jar.set("confab_session", planted);
  await victim.signIn("ada@example.com", password);
  const issued = victim.jar.get("confab_session");
  assert.notEqual(issued, planted);

  const attacker = webClient(app);
  attacker.jar.set("confab_session", planted);
  const reply = await attacker.get("/account");
  assert.equal(reply.status, 303);
  assert.match(reply.location ?? "", /^\/sign-in/);
});

test("signing in again rotates the session: the earlier id stops working", async () => {
  const browser = webClient(app);
  await browser.signIn("ada@example.com", password);
  const first = browser.jar.get("confab_session") as string;
  await browser.signIn("ada@example.com", password);
  assert.notEqual(browser.jar.get("confab_session"), first);
  const old = webClient(app);
  old.jar.set("confab_session", first);
  assert.equal((await old.get("/account")).status, 303);
});

test("signing out ends the session on the server, not just in the browser", async () => {
  const browser = webClient(app);
  await browser.signIn("ada@example.com", password);
  const sessionId = browser.jar.get("confab_session") as string;
  const reply = await browser.post("/sign-out");
  assert.equal(reply.status, 303);
  assert.equal(browser.jar.has("confab_session"), false);
  const replay = webClient(app);
  replay.jar.set("confab_session", sessionId);
  assert.equal((await replay.get("/account")).status, 303);
});

test("a form sent without its CSRF token, or with a forged one, is refused before anything happens", async () => {
  const browser = webClient(app);
  await browser.get("/sign-in");
  const missing = await browser.postRaw("/sign-in", { email: "ada@example.com", password });
  assert.equal(missing.status, 403);
  assert.match(missing.body, /This form has expired/);
  const forged = await browser.postRaw("/sign-in", {
    email: "ada@example.com",
    password,
    _csrf: "forged-token",
  });
  assert.equal(forged.status, 403);
  // A token from another browser (another secret) does not work either.
  const other = webClient(app);
  const page = await other.get("/sign-in");
  const foreign = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
  const crossed = await browser.postRaw("/sign-in", {
    email: "ada@example.com",
    password,
    _csrf: foreign,
  });
  assert.equal(crossed.status, 403);
  assert.ok(!crossed.setCookies.some((c) => c.name === "confab_session"));
});

test("sign-out needs the CSRF token too, so another site cannot sign a user out", async () => {
  const browser = webClient(app);
  await browser.signIn("ada@example.com", password);
  const reply = await browser.postRaw("/sign-out", {});
  assert.equal(reply.status, 403);
  assert.equal((await browser.get("/account")).status, 200);
});

test("the page to return to after sign-in must be on this site", async () => {
  const browser = webClient(app);
  await browser.get("/sign-in");
  for (const next of ["https://evil.example/", "//evil.example/", "/\\evil.example"]) {
    const reply = await browser.post("/sign-in", { email: "ada@example.com", password, next });
    assert.equal(reply.location, "/", next);
  }
});

test("pages that need a user send a signed-out visitor to sign in, then back", async () => {
  const reply = await webClient(app).get("/account");
  assert.equal(reply.status, 303);
  assert.equal(reply.location, "/sign-in?next=%2Faccount");
  assert.equal(ada.email, "ada@example.com", "emails are stored lower-cased");
});

test("25 wrong guesses at once for one email reach the password check no more than the free number of times, and the count stays exact", async () => {
  await createUser(db, { email: "race@example.com", password });
  const guess = (pass: string) =>
    signIn(db, { email: "race@example.com", password: pass, ip: "203.0.113.77" }).then(
      () => "signed in",
      (error: { kind?: string }) => error.kind ?? "error",
    );
  const outcomes = await Promise.all(Array.from({ length: 25 }, (_, i) => guess(`wrong ${i}`)));
  const tried = outcomes.filter((o) => o === "unauthenticated").length;
  // Concurrent guesses may all be refused (each sees the others' attempts); none gets past five.
  assert.ok(tried <= signInLimits.freePerPair, `${tried} reached the password check`);
  assert.equal(outcomes.filter((o) => o === "rate_limited").length, 25 - tried);
  // The free tries left are exactly those not used: then the right password waits too.
  for (let left = signInLimits.freePerPair - tried; left > 0; left--) {
    assert.equal(await guess("still wrong"), "unauthenticated");
  }
  assert.equal(await guess(password), "rate_limited");
});
