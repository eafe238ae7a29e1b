import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { openOutcomeMessage } from "../../src/connections/connection-outcome-message.ts";
import { startConnectorWorld } from "../support/zoom-connector.ts";

const { world, db, vault, connect, connected } = await startConnectorWorld();

async function connectionsOf(ownerRef: string) {
  return db
    .selectFrom("provider_connections")
    .selectAll()
    .where("owner_ref", "=", ownerRef)
    .execute();
}

test("a licensed Zoom user who allows access becomes a connected profile", async () => {
  const { result } = await connect("personal", world.users.member, { ownerRef: "usr_member" });
  assert.equal(result.get("connection_result"), "connected");
  const [row] = await connectionsOf("usr_member");
  assert.equal(row?.id, result.get("connection_id"));
  assert.equal(row?.status, "connected");
  assert.equal(row?.email, world.users.member);
  assert.equal(row?.kind, "personal");
  assert.ok((row?.access_token_expires_at?.getTime() ?? 0) > Date.now() + 50 * 60_000);
});

test("Zoom tokens are stored only encrypted: no plaintext token anywhere in the row", async () => {
  const [row] = await connectionsOf("usr_member");
  const sealedAccess = row?.access_token ?? "";
  const sealedRefresh = row?.refresh_token ?? "";
  assert.ok(sealedAccess.startsWith("v1.") && sealedRefresh.startsWith("v1."));
  const access = vault.decrypt(sealedAccess, "provider_connections.access_token");
  const refresh = vault.decrypt(sealedRefresh, "provider_connections.refresh_token");
  const { rows } = await sql<{ dump: string }>`
    select string_agg(row_to_json(c)::text, '') as dump from provider_connections c`.execute(db);
  assert.ok(!rows[0]?.dump.includes(access) && !rows[0]?.dump.includes(refresh));
});

test("a Basic (free) Zoom user is refused at connect time with the reason, and nothing is stored", async () => {
  await world.control("DELETE", "/calls");
  const { result } = await connect("personal", world.users.basic, { ownerRef: "usr_basic" });
  assert.equal(result.get("connection_result"), "refused");
  assert.doesNotMatch(result.get("connection_message") ?? "", /Basic/, "the reason travels sealed");
  assert.match(
    openOutcomeMessage(vault, result.get("connection_message") ?? undefined) ?? "",
    /free Basic plan.*paid accounts \(Zoom Pro or above\)/,
  );
  assert.deepEqual(await connectionsOf("usr_basic"), []);
  const revokes = await world.calls({ path: "/oauth/revoke", status: 200 });
  assert.equal(revokes.length, 1, "the token Zoom issued is handed back at once");
});

test("declining on Zoom's consent page comes back as declined and stores nothing", async () => {
  const { result } = await connect("personal", world.users.other, {
    ownerRef: "usr_declines",
    decision: "Decline",
  });
  assert.equal(result.get("connection_result"), "declined");
  assert.deepEqual(await connectionsOf("usr_declines"), []);
});

test("the callback works once: the same state presented again is refused", async () => {
  const first = await connect("personal", world.users.other, { ownerRef: "usr_replay" });
  assert.equal(first.result.get("connection_result"), "connected");
  const again = await fetch(first.callback, { redirect: "manual" });
  assert.equal(again.status, 400);
  assert.match(await again.text(), /already been used or was never started here/);
});

test("a callback finished in another browser than the one that started it is refused", async () => {
  const { reply, body } = await connect("personal", world.users.other, {
    ownerRef: "usr_other_browser",
    binding: "someone-elses-cookie",
  });
  assert.equal(reply.status, 403);
  assert.match(body, /started in another browser/);
  assert.deepEqual(await connectionsOf("usr_other_browser"), []);
});

test("a sign-in that took longer than ten minutes has expired and is refused", async () => {
  const { reply, body } = await connect("personal", world.users.other, {
    ownerRef: "usr_slow",
    whileAtZoom: () =>
      sql`update oauth_states set expires_at = now() - interval '1 second'`.execute(db),
  });
  assert.equal(reply.status, 400);
  assert.match(body, /longer than 10 minutes and has expired/);
  assert.deepEqual(await connectionsOf("usr_slow"), []);
});

test("connecting the same Zoom account again renews the connection rather than adding another", async () => {
  const first = await connected("personal", world.users.owner, "usr_twice");
  const second = await connected("personal", world.users.owner, "usr_twice");
  assert.equal(second, first);
  assert.equal((await connectionsOf("usr_twice")).length, 1);
});

test("a Zoom member cannot install for the organization: Zoom's consent screen stops them", async () => {
  await assert.rejects(
    connect("organization", world.users.member, { ownerRef: "org_acme" }),
    /can only be added by an owner or admin of your Zoom account/,
  );
  assert.deepEqual(await connectionsOf("org_acme"), []);
});

test("an organization install by a Zoom admin connects the whole Zoom account", async () => {
  const id = await connected("organization", world.users.admin, "org_acme");
  const [row] = await connectionsOf("org_acme");
  assert.equal(row?.id, id);
  assert.equal(row?.kind, "organization");
  assert.equal(row?.external_key, world.accounts.paid);
  assert.match(row?.scopes ?? "", /meeting:write:meeting:admin/);
});
