import assert from "node:assert/strict";
import { test } from "node:test";
import { ProviderError } from "../../../src/providers/provider-error.ts";
import { startMicrosoftWorld } from "../../support/microsoft-connector.ts";

const world = await startMicrosoftWorld();
const { provider, users } = world;

function refusedWith(kind: ProviderError["kind"], pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ProviderError, String(error));
    assert.equal(error.kind, kind);
    assert.match(error.message, pattern);
    return true;
  };
}

test("a Teams-licensed work account connects as itself: tenant, object id, email and name", async () => {
  const grant = await world.connect(users.licensed);
  const [ada] = (await world.control<{ id: string; mail: string }[]>("GET", "/users")).filter(
    (user) => user.mail === users.licensed,
  );
  assert.equal(grant.externalAccountId, world.tenant.id);
  assert.equal(grant.externalUserId, ada?.id);
  assert.equal(grant.externalKey, ada?.id, "a personal grant belongs to one person");
  assert.equal(grant.email, users.licensed);
  assert.equal(grant.displayName, "Ada Lovelace");
  assert.ok(grant.accessToken && grant.refreshToken);
  assert.ok(grant.expiresAt.getTime() > Date.now());
  assert.ok(grant.scopes.includes("https://graph.microsoft.com/Calendars.ReadWrite"));
});

test("the sign-in asks on the common authority with PKCE S256, state and only the scopes described", () => {
  const url = provider.authorizationUrl("personal", {
    state: "st",
    codeChallenge: "ch",
    redirectUri: "http://127.0.0.1:9/cb",
  });
  assert.equal(url.pathname, "/common/oauth2/v2.0/authorize");
  assert.equal(url.searchParams.get("code_challenge_method"), "S256");
  assert.equal(url.searchParams.get("state"), "st");
  assert.deepEqual(
    url.searchParams.get("scope")?.split(" "),
    provider.describeAccess("personal").scopes,
  );
  assert.equal(provider.supports("personal"), true);
  assert.equal(provider.supports("organization"), false);
});

test("a personal Microsoft account is refused with the reason, before anything is read of it", async () => {
  await world.control("DELETE", "/calls");
  await assert.rejects(
    world.connect(users.personal),
    refusedWith("rejected", /personal Microsoft account.*work or school account/),
  );
  assert.deepEqual(await world.calls({ path: /^\/v1\.0\// }), []);
});

test("a work account without a Teams licence is refused with the reason", async () => {
  await assert.rejects(
    world.connect(users.unlicensed),
    refusedWith("rejected", /ben@contoso\.test has no Microsoft Teams licence.*admin/),
  );
});

test("a work account without a mailbox is refused with the reason", async () => {
  await assert.rejects(
    world.connect(users.noMailbox),
    refusedWith("rejected", /no Exchange Online mailbox/),
  );
});

test("declining consent gives a sentence the person can act on", async () => {
  await assert.rejects(
    world.connect(users.licensed, "cancel"),
    refusedWith("rejected", /You declined.*connect again and choose Accept/),
  );
});

test("refresh returns Microsoft's new refresh token, and the new one works in turn", async () => {
  const grant = await world.connect(users.licensed);
  const renewed = await provider.refresh("personal", grant.refreshToken);
  assert.notEqual(renewed.refreshToken, grant.refreshToken);
  assert.notEqual(renewed.accessToken, grant.accessToken);
  const again = await provider.refresh("personal", renewed.refreshToken);
  assert.ok(again.refreshToken);
  const [call] = await world.calls({ method: "POST", path: /\/oauth2\/v2\.0\/token$/ });
  assert.ok(call, "the token endpoint was called");
});

test("a grant removed under My Apps makes refresh answer connection_revoked", async () => {
  const grant = await world.connect(users.licensed);
  await world.control(
    "DELETE",
    `/users/${encodeURIComponent(grant.externalUserId)}/consents/${world.app.client_id}`,
  );
  await assert.rejects(
    provider.refresh("personal", grant.refreshToken),
    refusedWith("connection_revoked", /reconnect Microsoft Teams/),
  );
});

test("revoking sends nothing and says how to remove confab under My Apps", async () => {
  await world.control("DELETE", "/calls");
  await assert.rejects(
    provider.revoke("personal", "an-access-token"),
    refusedWith("rejected", /My Apps/),
  );
  assert.deepEqual(await world.calls(), []);
});

test("no token, code or secret appears in a refusal", async () => {
  const grant = await world.connect(users.licensed);
  await world.control(
    "DELETE",
    `/users/${encodeURIComponent(grant.externalUserId)}/consents/${world.app.client_id}`,
  );
  const error = await provider.refresh("personal", grant.refreshToken).catch((e) => e);
  for (const secret of [grant.refreshToken, grant.accessToken, world.app.client_secret]) {
    assert.ok(!String(error.message).includes(secret));
  }
});
