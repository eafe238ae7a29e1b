import assert from "node:assert/strict";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import type { App } from "../../src/http/build-app.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";
import { password } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";
import { consentAtZoom } from "../support/zoom-world.ts";

/**
 * A person who reloads the OAuth callback after it connected, or comes Back to it, is told the
 * connection is made: the state and the provider's code in it are spent, but this browser spent
 * them on a connection. Nothing is done again, and a hosted link's application is not sent its
 * profile a second time.
 */
const { zoom, confab, api, calendarFor, application, db } = await startConferencingWorld(
  {},
  { inProcessWorker: false },
);
const app = confab.app as App;
const redirectUri = "http://127.0.0.1:9/connected";

const pathOf = (url: URL | string) => {
  const parsed = new URL(url, confab.url);
  return `${parsed.pathname}${parsed.search}`;
};

const connectionsOf = (ownerRef: string) =>
  db.selectFrom("provider_connections").selectAll().where("owner_ref", "=", ownerRef).execute();

test("reloading a callback that connected a profile says it is connected, leads to Conferencing services, and shows the signed-in person", async () => {
  const ada = await createUser(db, { email: "ada@example.com", password, name: "Ada Lovelace" });
  const person = webClient(app);
  await person.signIn(ada.email, password);
  await person.get("/account/conferencing/add");
  const toZoom = await person.post("/account/conferencing/add/zoom");
  assert.equal(toZoom.status, 303, toZoom.body);
  const callback = pathOf(
    await consentAtZoom(new URL(toZoom.location ?? ""), zoom.users.member, "Allow"),
  );

  const first = await person.get(callback);
  assert.equal(first.status, 303, first.body);
  assert.match(first.location ?? "", /^\/account\/conferencing\?connection_result=connected/);
  const tokenExchanges = (await zoom.calls({ path: "/oauth/token" })).length;

  const again = await person.get(callback);
  assert.equal(again.status, 200, again.body);
  assert.match(
    again.body,
    new RegExp(`This connection was made already: Zoom \\(${zoom.users.member}\\) is connected\\.`),
  );
  assert.match(
    again.body,
    /<a class="button button-primary" href="\/account\/conferencing">Go to Conferencing services<\/a>/,
  );
  assert.match(again.body, /Ada Lovelace/, "the top bar names the signed-in person");
  assert.doesNotMatch(again.body, /href="\/sign-in"/, "and does not offer Sign in");
  assert.equal(again.headers["cache-control"], "no-store");
  assert.equal(
    (await zoom.calls({ path: "/oauth/token" })).length,
    tokenExchanges,
    "nothing is asked of Zoom again",
  );
  assert.equal((await connectionsOf(ada.id)).length, 1);
});

test("the same callback opened in another browser is still refused as used: only the browser that connected is told", async () => {
  const bea = await createUser(db, { email: "bea@example.com", password, name: "Bea" });
  const person = webClient(app);
  await person.signIn(bea.email, password);
  await person.get("/account/conferencing/add");
  const toZoom = await person.post("/account/conferencing/add/zoom");
  const callback = pathOf(
    await consentAtZoom(new URL(toZoom.location ?? ""), zoom.users.owner, "Allow"),
  );
  assert.equal((await person.get(callback)).status, 303);

  const stranger = await app.inject({ method: "GET", url: callback });
  assert.equal(stranger.statusCode, 400);
  assert.match(stranger.body, /already been used or was never started here/);
  assert.doesNotMatch(stranger.body, /made already/);
});

test("a forged or changed note of a finished round trip is not honoured", async () => {
  const cy = await createUser(db, { email: "cy@example.com", password, name: "Cy" });
  const person = webClient(app);
  await person.signIn(cy.email, password);
  await person.get("/account/conferencing/add");
  const toZoom = await person.post("/account/conferencing/add/zoom");
  const callback = pathOf(
    await consentAtZoom(new URL(toZoom.location ?? ""), zoom.users.admin, "Allow"),
  );
  assert.equal((await person.get(callback)).status, 303);
  const note = person.jar.get("confab_oauth_done") ?? "";
  assert.ok(note, "the browser keeps a note of the round trip it finished");
  person.jar.set("confab_oauth_done", `${note.slice(0, -4)}AAAA`);
  const replay = await person.get(callback);
  assert.equal(replay.status, 400);
  assert.match(replay.body, /already been used/);
  assert.match(replay.body, /Cy/, "the problem page shows the signed-in person too");
});

test("reloading a hosted link's callback after it landed says it is connected and leads back to the application without sending it the profile again", async () => {
  const dee = await calendarFor("dee");
  const made = await api("POST", "/v1/conferencing_service_authorizations", {
    token: dee.token,
    body: { redirect_uri: redirectUri, provider_name: "zoom" },
  });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  const link = new URL((made.body.authorization_request as { url: string }).url);
  const person = webClient(app);
  await person.get(pathOf(link));
  const toZoom = await person.post(`/conferencing/link/zoom${link.search}`);
  assert.equal(toZoom.status, 303, toZoom.body);
  const callback = pathOf(
    await consentAtZoom(new URL(toZoom.location ?? ""), zoom.users.other, "Allow"),
  );
  const first = await person.get(callback);
  assert.equal(first.status, 303, first.body);
  const finish = await person.get(first.location ?? "");
  assert.match(
    finish.location ?? "",
    /^http:\/\/127\.0\.0\.1:9\/connected\?last_linked_profile_id=pro_/,
  );

  const again = await person.get(callback);
  assert.equal(again.status, 200, again.body);
  assert.equal(again.location, undefined, "no redirect to the application");
  assert.match(
    again.body,
    new RegExp(`This connection was made already: Zoom \\(${zoom.users.other}\\) is connected\\.`),
  );
  assert.match(
    again.body,
    new RegExp(
      `<a class="button button-primary" href="${redirectUri}">Back to ${application.name}</a>`,
    ),
  );
  assert.doesNotMatch(again.body, /last_linked_profile_id/);
  assert.match(again.body, /href="\/sign-in"/, "nobody is signed in on a hosted link");
  assert.equal((await connectionsOf(dee.sub)).length, 1);
});

test("a replay after the profile was removed is not said to be connected", async () => {
  const eve = await createUser(db, { email: "eve@example.com", password, name: "Eve" });
  const person = webClient(app);
  await person.signIn(eve.email, password);
  await person.get("/account/conferencing/add");
  const toZoom = await person.post("/account/conferencing/add/zoom");
  const callback = pathOf(
    await consentAtZoom(new URL(toZoom.location ?? ""), zoom.users.member, "Allow"),
  );
  const first = await person.get(callback);
  const id = new URL(first.location ?? "", confab.url).searchParams.get("connection_id");
  await person.get(`/account/conferencing/${id}/remove`);
  assert.equal((await person.post(`/account/conferencing/${id}/remove`)).status, 303);
  const replay = await person.get(callback);
  assert.equal(replay.status, 400);
  assert.doesNotMatch(replay.body, /made already/);
});
