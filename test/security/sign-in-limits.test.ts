import assert from "node:assert/strict";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import { signInLimits } from "../../src/accounts/sign-in-throttle.ts";
import { mailOff } from "../../src/mail/outbox.ts";
import { inviteMember } from "../../src/orgs/invitations.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * Guessing passwords is slowed per address as well as per email (the per-email limit and the
 * planted session id at sign-in are in test/accounts/sign-in), and every way of starting a
 * session issues a new id.
 */
const { app, db, config } = await buildWebApp();
const acme = await seedTenant(db, "Acme");
await createUser(db, { email: "victim@example.com", password });

/** A sign-in from one client address, with a form token of its own. */
async function signInFrom(
  address: string,
  email: string,
  pass: string,
  headers: Record<string, string> = {},
) {
  const page = await app.inject({ method: "GET", url: "/sign-in", remoteAddress: address });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
  const reply = await app.inject({
    method: "POST",
    url: "/sign-in",
    remoteAddress: address,
    headers: {
      cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join("; "),
      "content-type": "application/x-www-form-urlencoded",
      ...headers,
    },
    payload: new URLSearchParams({ _csrf: csrf, email, password: pass }).toString(),
  });
  return reply;
}

test("one address guessing across many emails is stopped, even for a right password, while other addresses still sign in", async () => {
  const guesser = "203.0.113.7";
  for (let i = 0; i < signInLimits.perAddress; i++) {
    const reply = await signInFrom(guesser, `guess-${i}@example.com`, "not it");
    assert.equal(reply.statusCode, 401, `guess ${i}`);
  }
  const blocked = await signInFrom(guesser, "victim@example.com", password);
  assert.equal(blocked.statusCode, 429);
  assert.match(blocked.body, /Too many failed attempts/);
  assert.ok(!blocked.cookies.some((c) => c.name === "confab_session"));
  assert.equal((await signInFrom("198.51.100.20", "victim@example.com", password)).statusCode, 303);
});

test("a client cannot escape the address limit by naming another address in X-Forwarded-For", async () => {
  const reply = await signInFrom("203.0.113.7", "victim@example.com", password, {
    "x-forwarded-for": "192.0.2.99",
    "x-real-ip": "192.0.2.99",
  });
  assert.equal(reply.statusCode, 429);
});

test("while an address is over its limit, nothing it sends is checked or counted", async () => {
  const count = async () => (await db.selectFrom("sign_in_failures").select("id").execute()).length;
  const before = await count();
  assert.equal((await signInFrom("203.0.113.7", "someone@example.com", "wrong")).statusCode, 429);
  assert.equal(await count(), before);
});

test("joining by invitation with a new account starts a new session: an id planted before is not the one after", async () => {
  const { link } = await inviteMember(
    db,
    await loadOrgAccessForCommandLine(db, acme.organization.slug),
    {
      email: "newcomer@example.com",
      role: "member",
      actor: commandLineActor,
      publicUrl: config.publicUrl,
      inviterName: "Test inviter",
      outbox: mailOff,
    },
  );
  const token = new URL(link as string).searchParams.get("token") as string;
  const browser = webClient(app);
  const planted = "P".repeat(43);
  browser.jar.set("confab_session", planted);
  await browser.get(`/invitation?token=${encodeURIComponent(token)}`);
  const joined = await browser.post("/invitation/create-account", {
    token,
    name: "Newcomer",
    password: "a long enough password",
  });
  assert.equal(joined.status, 303, joined.body.slice(0, 300));
  const issued = browser.jar.get("confab_session");
  assert.ok(issued && issued !== planted);
  const attacker = webClient(app);
  attacker.jar.set("confab_session", planted);
  assert.equal((await attacker.get("/account")).status, 303);
  assert.equal((await browser.get("/account")).status, 200);
});

test("signing in while signed in as someone else ends the first session", async () => {
  const browser = webClient(app);
  await browser.signIn(acme.users.member.email, password);
  const first = browser.jar.get("confab_session") as string;
  await browser.signIn(acme.users.mentor.email, password);
  const replay = webClient(app);
  replay.jar.set("confab_session", first);
  assert.equal((await replay.get("/account")).status, 303);
});
