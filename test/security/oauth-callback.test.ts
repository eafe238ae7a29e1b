import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { startAuthorization } from "../../src/connections/authorize-connection.ts";
import { bindingCookie } from "../../src/connections/oauth-binding.ts";
import { hashOf, newBrowserBinding } from "../../src/connections/oauth-states.ts";
import { startConnectorWorld } from "../support/zoom-connector.ts";
import { consentAtZoom } from "../support/zoom-world.ts";

/**
 * What reaches confab's OAuth callback without a state confab issued to this browser, now and
 * for the first time, is refused before the code is ever exchanged at Zoom. (Replay, expiry and
 * another browser's callback are shown to store nothing in test/connections/connect-zoom.)
 */
const { world, confab, db, deps, connect } = await startConnectorWorld();
const callback = `${confab.url}/oauth/zoom/callback`;

async function tokenRequests() {
  return (await world.calls({ path: "/oauth/token" })).length;
}
async function connections() {
  return (await db.selectFrom("provider_connections").select("id").execute()).length;
}

test("a callback with no state, or one confab never issued, is refused without asking Zoom for tokens", async () => {
  const before = await tokenRequests();
  for (const query of [
    "?code=stolen",
    "?code=stolen&state=made-up",
    "?code=stolen&state=",
    "?error=access_denied&state=made-up",
  ]) {
    const reply = await fetch(`${callback}${query}`, { redirect: "manual" });
    assert.equal(reply.status, 400, query);
    assert.match(
      await reply.text(),
      /no state|never started here|start again|Start connecting again/i,
      query,
    );
  }
  assert.equal(await tokenRequests(), before);
  assert.equal(await connections(), 0);
});

test("a replayed, expired or cross-browser callback never exchanges its code at Zoom", async () => {
  const first = await connect("personal", world.users.member, { ownerRef: "usr_once" });
  assert.equal(first.result.get("connection_result"), "connected");
  const afterOne = await tokenRequests();
  const replay = await fetch(first.callback, { redirect: "manual" });
  assert.equal(replay.status, 400);
  const expired = await connect("personal", world.users.other, {
    ownerRef: "usr_slow",
    whileAtZoom: () =>
      sql`update oauth_states set expires_at = now() - interval '1 second'`.execute(db),
  });
  assert.equal(expired.reply.status, 400);
  const crossed = await connect("personal", world.users.other, {
    ownerRef: "usr_crossed",
    binding: "an-attackers-cookie",
  });
  assert.equal(crossed.reply.status, 403);
  assert.equal(await tokenRequests(), afterOne, "no code was exchanged for the refused callbacks");
  assert.equal(await connections(), 1);
});

test("the state a browser carries to Zoom is stored only as a hash, and the PKCE verifier only encrypted", async () => {
  let stored = "";
  const { result, callback: back } = await connect("personal", world.users.owner, {
    ownerRef: "usr_stored",
    whileAtZoom: async () => {
      const { rows } = await sql<{ dump: string }>`
        select string_agg(to_jsonb(s)::text, '') as dump from oauth_states s`.execute(db);
      stored = rows[0]?.dump ?? "";
    },
  });
  assert.equal(result.get("connection_result"), "connected");
  const state = back.searchParams.get("state") as string;
  assert.ok(
    state.length >= 20 && stored.includes("v1."),
    "a state was issued; the verifier is sealed",
  );
  assert.ok(!stored.includes(state), "the state itself is not stored");
  const left = await db
    .selectFrom("oauth_states")
    .select("state_hash")
    .where("state_hash", "=", hashOf(state))
    .execute();
  assert.deepEqual(left, [], "nothing is left behind to replay");
});

test("a callback with the right state but another browser's cookie, or none, spends nothing: the browser that started it still finishes", async () => {
  const binding = newBrowserBinding();
  const url = await startAuthorization(deps, {
    kind: "personal",
    ownerRef: "usr_intercepted",
    binding,
    returnTo: "/account/conferencing",
  });
  const back = await consentAtZoom(url, world.users.member, "Allow");
  const before = await tokenRequests();
  for (const cookie of [undefined, `${bindingCookie}=${newBrowserBinding()}`]) {
    const refused = await fetch(back, {
      headers: cookie ? { cookie } : {},
      redirect: "manual",
    });
    assert.equal(refused.status, 403, cookie ?? "no cookie");
    assert.match(await refused.text(), /started in another browser/);
    assert.equal(refused.headers.getSetCookie().length, 0, "no cookie is cleared by a refusal");
  }
  assert.equal(await tokenRequests(), before, "no code was exchanged for the refused callbacks");
  const finished = await fetch(back, {
    headers: { cookie: `${bindingCookie}=${binding}` },
    redirect: "manual",
  });
  assert.equal(finished.status, 303);
  const result = new URL(finished.headers.get("location") ?? "", confab.url).searchParams;
  assert.equal(result.get("connection_result"), "connected");
  assert.match(
    finished.headers.getSetCookie().join("\n"),
    new RegExp(`^${bindingCookie}=;`),
    "the spent round trip's cookie is cleared",
  );
});
