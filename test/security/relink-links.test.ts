import assert from "node:assert/strict";
import { test } from "node:test";
import {
  openRelinkLink,
  relinkLifetimeMs,
  relinkUrl,
  sealLink,
} from "../../src/conferencing/sealed-link.ts";
import { markConnectionBroken } from "../../src/connections/mark-connection-broken.ts";
import { linkIdHash } from "../../src/connections/spent-links.ts";
import type { App } from "../../src/http/build-app.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";
import { secretsFoundIn, zoomSecrets } from "../support/secrets-in-text.ts";
import { webClient } from "../support/web-client.ts";
import { consentAtZoom } from "../support/zoom-world.ts";

/**
 * The relink link of a broken profile, which an application hands its user: it works for a day,
 * once, and only for the profile's own Zoom account. Spent by the reconnect that succeeds.
 */
const { zoom, confab, db, vault, api, calendarFor, linkZoom } = await startConferencingWorld();
const app = confab.app as App;
const brokenReason = "Zoom access was removed from Zoom's side.";

/** A profile of a fresh application calendar, broken, and the relink link the API hands out. */
async function brokenProfile(name: string, email: string) {
  const calendar = await calendarFor(name);
  const profileId = await linkZoom(calendar.sub, email);
  await markConnectionBroken(db, profileId, brokenReason);
  const info = await api("GET", "/v1/userinfo", { token: calendar.token });
  const [profile] = (
    info.body["cronofy.data"] as { conferencing_profiles: { profile_relink_url?: string }[] }
  ).conferencing_profiles;
  const url = new URL(String(profile?.profile_relink_url));
  return { ownerRef: calendar.sub, profileId, path: `${url.pathname}${url.search}` };
}

/** Opens the link, presses Reconnect Zoom, answers Zoom: returns the page the person lands on. */
async function reconnectThrough(
  person: ReturnType<typeof webClient>,
  path: string,
  email: string,
  decision: "Allow" | "Decline" = "Allow",
) {
  const page = await person.get(path);
  assert.equal(page.status, 200, page.body);
  const started = await person.post(buttonOf(page.body));
  assert.equal(started.status, 303, started.body);
  const back = await consentAtZoom(new URL(started.location ?? ""), email, decision);
  const returned = await person.get(`${back.pathname}${back.search}`);
  assert.equal(returned.status, 303, returned.body);
  return person.get(returned.location ?? "");
}

function buttonOf(body: string): string {
  const action = /<form method="post" action="([^"]+)"/.exec(body)?.[1];
  assert.ok(action, "the page has a Reconnect button");
  return action.replaceAll("&amp;", "&");
}

async function connectionsOf(ownerRef: string) {
  return db
    .selectFrom("provider_connections")
    .select(["id", "email", "status", "status_reason"])
    .where("owner_ref", "=", ownerRef)
    .execute();
}

test("another Zoom account is refused through a relink link, with the account it expects, and the profile stays as it was", async () => {
  const { ownerRef, profileId, path } = await brokenProfile("ada", zoom.users.member);
  const revokes = async () => (await zoom.calls({ path: "/oauth/revoke", status: 200 })).length;
  const revokedBefore = await revokes();
  const person = webClient(app);
  const page = await reconnectThrough(person, path, zoom.users.other);
  assert.equal(page.status, 200);
  assert.match(page.body, /reconnects the Zoom account member@acme\.example/);
  assert.match(page.body, /signed in to Zoom as other@acme\.example/);
  assert.match(page.body, /Reconnect Zoom<\/button>/, "the person can try again");
  assert.deepEqual(secretsFoundIn(page.body, await zoomSecrets(db, vault)), []);
  assert.deepEqual(await connectionsOf(ownerRef), [
    { id: profileId, email: zoom.users.member, status: "broken", status_reason: brokenReason },
  ]);
  assert.equal(await revokes(), revokedBefore + 1, "the grant of the wrong account is handed back");

  const again = await reconnectThrough(person, path, zoom.users.member);
  assert.match(again.body, /Zoom is connected again/, "the refusal did not spend the link");
});

test("a relink link is spent by the reconnect that succeeds, not by opening it or declining; then it is refused", async () => {
  const { ownerRef, profileId, path } = await brokenProfile("bob", zoom.users.owner);
  const person = webClient(app);
  for (let preview = 0; preview < 3; preview += 1) {
    assert.equal((await person.get(path)).status, 200);
  }
  const declined = await reconnectThrough(person, path, zoom.users.owner, "Decline");
  assert.match(declined.body, /Nothing was connected/);
  assert.equal((await connectionsOf(ownerRef))[0]?.status, "broken");

  const done = await reconnectThrough(person, path, zoom.users.owner);
  assert.match(done.body, /Zoom is connected again/);
  assert.doesNotMatch(done.body, /Reconnect Zoom<\/button>/);
  const [profile] = await connectionsOf(ownerRef);
  assert.equal(profile?.id, profileId, "the same profile, renewed");
  assert.equal(profile?.status, "connected");

  for (const browser of [person, webClient(app)]) {
    const opened = await browser.get(path);
    assert.equal(opened.status, 409);
    assert.match(opened.body, /already been used/);
    const pressed = await browser.post(path);
    assert.equal(pressed.status, 409);
  }
});

test("a spent relink link is remembered by a hash of its one-time id, never by the link", async () => {
  const { path } = await brokenProfile("cy", zoom.users.admin);
  await reconnectThrough(webClient(app), path, zoom.users.admin);
  const token = new URLSearchParams(path.split("?")[1]).get("token") as string;
  const { once } = openRelinkLink(vault, token);
  const spent = await db.selectFrom("spent_links").selectAll().execute();
  assert.ok(spent.some((row) => row.link_hash === linkIdHash(once.id)));
  assert.equal(
    spent.find((row) => row.link_hash === linkIdHash(once.id))?.expires_at.getTime(),
    once.expiresAt.getTime(),
    "kept until the link expires anyway",
  );
  const stored = JSON.stringify(spent);
  assert.ok(!stored.includes(token) && !stored.includes(once.id));
});

test("two reconnects started from one link: the first back reconnects, the second is refused as used", async () => {
  const { ownerRef, path } = await brokenProfile("dee", zoom.users.member);
  const [first, second] = [webClient(app), webClient(app)];
  const start = async (person: ReturnType<typeof webClient>) => {
    const started = await person.post(buttonOf((await person.get(path)).body));
    return consentAtZoom(new URL(started.location ?? ""), zoom.users.member, "Allow");
  };
  const backFirst = await start(first);
  const backSecond = await start(second);
  const firstReturn = await first.get(`${backFirst.pathname}${backFirst.search}`);
  assert.match(firstReturn.location ?? "", /connection_result=connected/);
  const secondReturn = await second.get(`${backSecond.pathname}${backSecond.search}`);
  assert.match(secondReturn.location ?? "", /connection_result=refused/);
  assert.equal((await second.get(secondReturn.location ?? "")).status, 409);
  assert.equal((await connectionsOf(ownerRef)).length, 1, "no second profile");
});

test("a relink link works for 24 hours from when it was made, and no longer", async () => {
  const madeAt = new Date("2030-01-01T00:00:00Z");
  const url = relinkUrl(vault, confab.url, "pro_any", "usr_any", madeAt);
  const token = new URL(url).searchParams.get("token") as string;
  const justBefore = new Date(madeAt.getTime() + relinkLifetimeMs - 60_000);
  assert.equal(openRelinkLink(vault, token, justBefore).profileId, "pro_any");
  assert.equal(
    openRelinkLink(vault, token, justBefore).once.expiresAt.getTime(),
    madeAt.getTime() + 86_400_000,
  );
  const justAfter = new Date(madeAt.getTime() + relinkLifetimeMs + 60_000);
  assert.throws(() => openRelinkLink(vault, token, justAfter), /expired/);

  const { ownerRef, profileId } = await brokenProfile("eve", zoom.users.other);
  const yesterday = new Date(Date.now() - relinkLifetimeMs - 60 * 60_000);
  const stale = new URL(relinkUrl(vault, confab.url, profileId, ownerRef, yesterday));
  const page = await webClient(app).get(`${stale.pathname}${stale.search}`);
  assert.equal(page.status, 404);
  assert.match(page.body, /expired/);
});

test("a relink link sealed without a one-time id, as they once were, is refused", async () => {
  const { ownerRef, profileId } = await brokenProfile("fay", zoom.users.owner);
  const old = sealLink(
    vault,
    "conferencing.relink_link",
    { profileId, ownerRef },
    30 * 24 * 3600_000,
  );
  const person = webClient(app);
  const page = await person.get(`/conferencing/relink?token=${encodeURIComponent(old)}`);
  assert.equal(page.status, 404);
  assert.match(page.body, /no longer valid/);
});
