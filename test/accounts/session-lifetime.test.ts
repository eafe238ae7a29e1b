import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { createUser } from "../../src/accounts/create-user.ts";
import { hashSessionId } from "../../src/accounts/sessions.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * A session ends 14 days after its last use, and 30 days after it began however busy it is.
 * Ages are set in SQL, against the database's clock that decides them, never waited for.
 */
const { app, db } = await buildWebApp();
const password = "correct horse battery";
let people = 0;

/** A browser signed in as a person of its own, and a way to age its session. */
async function signedInBrowser() {
  const email = `person-${++people}@example.com`;
  await createUser(db, { email, password });
  const browser = webClient(app);
  await browser.signIn(email, password);
  const idHash = hashSessionId(browser.jar.get("confab_session") ?? "");
  const age = (created: string, lastSeen: string) =>
    db
      .updateTable("sessions")
      .set({
        created_at: sql`now() - ${created}::interval`,
        last_seen_at: sql`now() - ${lastSeen}::interval`,
      })
      .where("id_hash", "=", idHash)
      .execute();
  const session = () =>
    db
      .selectFrom("sessions")
      .select([
        sql<boolean>`expires_at <= created_at + interval '30 days'`.as("within_30_days"),
        sql<boolean>`expires_at > now()`.as("live"),
      ])
      .where("id_hash", "=", idHash)
      .executeTakeFirstOrThrow();
  return { browser, age, session };
}

test("a session begun 30 days and a minute ago is refused, though it was used a minute ago", async () => {
  const { browser, age } = await signedInBrowser();
  assert.equal((await browser.get("/account")).status, 200);
  await age("30 days 1 minute", "1 minute");
  const reply = await browser.get("/account");
  assert.equal(reply.status, 303);
  assert.match(reply.location ?? "", /^\/sign-in\?next=/);
});

test("a session begun just under 30 days ago and used a minute ago still signs its person in", async () => {
  const { browser, age } = await signedInBrowser();
  await age("29 days 23 hours", "1 minute");
  assert.equal((await browser.get("/account")).status, 200);
});

test("using a session near its last day never moves its end past 30 days from sign-in", async () => {
  const { browser, age, session } = await signedInBrowser();
  await age("29 days", "2 hours");
  assert.equal((await browser.get("/account")).status, 200);
  const after = await session();
  assert.equal(after.live, true);
  assert.equal(after.within_30_days, true);
});

test("a session unused for longer than its idle lifetime is refused, however young", async () => {
  const { browser } = await signedInBrowser();
  await db
    .updateTable("sessions")
    .set({ expires_at: sql`now() - interval '1 minute'` })
    .where("id_hash", "=", hashSessionId(browser.jar.get("confab_session") ?? ""))
    .execute();
  assert.equal((await browser.get("/account")).status, 303);
});

test("the session cookie is kept no longer than a session can last", async () => {
  await createUser(db, { email: "cookie@example.com", password });
  const reply = await webClient(app).signIn("cookie@example.com", password);
  const cookie = reply.setCookies.find((c) => c.name === "confab_session");
  assert.equal(cookie?.maxAge, 30 * 24 * 60 * 60);
});
