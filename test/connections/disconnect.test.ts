import assert from "node:assert/strict";
import { test } from "node:test";
import { disconnect } from "../../src/connections/disconnect.ts";
import { withAccessToken } from "../../src/connections/with-access-token.ts";
import { meetingTomorrow } from "../support/meeting-spec.ts";
import { startConnectorWorld } from "../support/zoom-connector.ts";

const { world, db, vault, provider, connected } = await startConnectorWorld();

async function row(id: string) {
  return db
    .selectFrom("provider_connections")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

test("removing a profile revokes it at Zoom, deletes the tokens, and leaves its meetings in Zoom", async () => {
  const id = await connected("personal", world.users.owner, "usr_owner");
  const made = await withAccessToken({ db, vault, provider }, id, (access) =>
    provider.createMeeting(access, meetingTomorrow("Stays", "evt_stays")),
  );
  await world.control("DELETE", "/calls");
  assert.deepEqual(await disconnect({ db, vault, provider }, id), { revokedAtProvider: true });
  assert.equal((await world.calls({ path: "/oauth/revoke", status: 200 })).length, 1);
  const removed = await row(id);
  assert.equal(removed.status, "removed");
  assert.equal(removed.access_token, null);
  assert.equal(removed.refresh_token, null);
  const meetings = await world.control<{ id: number }[]>(
    "GET",
    `/meetings?host_email=${world.users.owner}`,
  );
  assert.ok(
    meetings.some((m) => String(m.id) === made.id),
    "the existing meeting was not deleted",
  );
});

test("when Zoom cannot be told, the tokens are deleted anyway and the failure is recorded", async () => {
  const id = await connected("personal", world.users.member, "usr_member");
  await world.control("POST", "/faults", {
    match: { path: "/oauth/revoke" },
    status: 503,
    times: 1,
  });
  assert.deepEqual(await disconnect({ db, vault, provider }, id), { revokedAtProvider: false });
  const removed = await row(id);
  assert.equal(removed.status, "removed");
  assert.equal(removed.access_token, null);
  assert.match(removed.revoke_failure ?? "", /^\d{4}-\d\d-\d\dT.*Zoom/, "when, and what Zoom did");
});

test("a removed profile makes no further calls to Zoom and says it was removed", async () => {
  const { id } = await db
    .selectFrom("provider_connections")
    .select("id")
    .where("owner_ref", "=", "usr_owner")
    .executeTakeFirstOrThrow();
  await world.control("DELETE", "/calls");
  await assert.rejects(
    withAccessToken({ db, vault, provider }, id, async () => "no"),
    /removed/,
  );
  assert.deepEqual(await world.calls(), []);
});
