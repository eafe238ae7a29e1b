import assert from "node:assert/strict";
import { test } from "node:test";
import { call, connect, startTestSandbox } from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const acme = await sandbox.account("pro");
await sandbox.user({ email: "host@acme.test", account_id: acme, role: "owner" });
await sandbox.user({ email: "alt@acme.test", account_id: acme, role: "member" });
await sandbox.user({ email: "guest@acme.test", account_id: acme, role: "member" });
await sandbox.app({ client_id: "confab" });
const { access_token: token } = await connect(sandbox.url, "confab", "host@acme.test");
const meeting = (
  await call(`${sandbox.url}/v2/users/me/meetings`, {
    token,
    body: {
      topic: "Retro <Q2>",
      type: 2,
      start_time: "2031-05-06T10:00:00Z",
      duration: 30,
      settings: { alternative_hosts: "alt@acme.test" },
    },
  })
).body;

async function open(url: string, cookie = "") {
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get("location"),
    cookie: response.headers.get("set-cookie")?.split(";")[0] ?? "",
  };
}

async function signedInAs(email: string, next: string): Promise<string> {
  const response = await fetch(`${sandbox.url}/signin`, {
    method: "POST",
    body: new URLSearchParams({ email, next }),
    redirect: "manual",
  });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), next);
  return response.headers.get("set-cookie")?.split(";")[0] ?? "";
}

const startPath = `/s/${meeting.id}`;

test("a meeting's join_url puts the visitor in the meeting as a participant", async () => {
  const page = await open(meeting.join_url);
  assert.equal(page.status, 200);
  assert.match(
    page.html,
    new RegExp(`You are now in meeting ${meeting.id} \\(Retro &lt;Q2&gt;\\) as a participant`),
  );
  assert.match(page.html, /<title>Retro &lt;Q2&gt; – Zoom meeting<\/title>/);
  assert.match(page.html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
});

test("a join link without the passcode asks for it, and a wrong one is refused", async () => {
  const asked = await open(`${sandbox.url}/j/${meeting.id}`);
  assert.equal(asked.status, 200);
  assert.match(asked.html, /Enter meeting passcode/);
  const wrong = await open(`${sandbox.url}/j/${meeting.id}?pwd=nope`);
  assert.equal(wrong.status, 403);
  assert.match(wrong.html, /Wrong meeting passcode/);
  const typed = await open(`${sandbox.url}/j/${meeting.id}?pwd=${meeting.password}`);
  assert.match(typed.html, /as a participant/);
});

test("a meeting's start_url, carrying the host's key, puts its holder in as host", async () => {
  const page = await open(meeting.start_url);
  assert.equal(page.status, 200);
  assert.match(
    page.html,
    new RegExp(`You are now in meeting ${meeting.id} \\(Retro &lt;Q2&gt;\\) as host`),
  );
});

test("a start link without the host's key is refused with the reason and a way to sign in", async () => {
  const forged = await open(`${sandbox.url}${startPath}?zak=not-the-key`);
  assert.equal(forged.status, 403);
  assert.match(forged.html, /Only the host or an alternative host can start meeting/);
  assert.match(forged.html, /<form method="post" action="\/signin">/);
  assert.doesNotMatch(forged.html, /as host/);
});

test("an alternative host starts the meeting by signing in as themselves", async () => {
  const cookie = await signedInAs("alt@acme.test", startPath);
  const page = await open(`${sandbox.url}${startPath}`, cookie);
  assert.equal(page.status, 200);
  assert.match(page.html, /as host/);
});

test("the host starts the meeting by signing in too", async () => {
  const cookie = await signedInAs("host@acme.test", startPath);
  assert.match((await open(`${sandbox.url}${startPath}`, cookie)).html, /as host/);
});

test("anyone else signed in is refused, told who they are signed in as", async () => {
  const cookie = await signedInAs("guest@acme.test", startPath);
  const page = await open(`${sandbox.url}${startPath}`, cookie);
  assert.equal(page.status, 403);
  assert.match(
    page.html,
    /signed in as guest@acme\.test, who is neither its host nor an alternative host/,
  );
});

test("an unknown meeting's links answer 404: this meeting ID is not valid", async () => {
  for (const path of ["/j/12345678901?pwd=x", "/s/12345678901?zak=x", "/j/not-a-number"]) {
    const page = await open(`${sandbox.url}${path}`);
    assert.equal(page.status, 404, path);
    assert.match(page.html, /This meeting ID is not valid/);
    assert.match(page.html, /<title>Invalid meeting ID<\/title>/);
  }
});

test("a deleted meeting's join link is no longer valid", async () => {
  const other = (
    await call(`${sandbox.url}/v2/users/me/meetings`, {
      token,
      body: { topic: "Gone", type: 2, start_time: "2031-05-07T10:00:00Z", duration: 30 },
    })
  ).body;
  await call(`${sandbox.url}/v2/meetings/${other.id}`, { token, method: "DELETE" });
  assert.equal((await open(other.join_url)).status, 404);
});
