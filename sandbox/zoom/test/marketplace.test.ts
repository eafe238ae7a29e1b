import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import {
  call,
  connect,
  type ReceivedWebhook,
  startTestSandbox,
  startWebhookReceiver,
} from "./sandbox-fixture.ts";

const SECRET = "marketplace-webhook-secret";
const sandbox = await startTestSandbox();
const receiver = await startWebhookReceiver(SECRET);
const acme = await sandbox.account("pro");
await sandbox.user({ email: "owner@acme.test", account_id: acme, role: "owner" });
await sandbox.user({ email: "admin@acme.test", account_id: acme, role: "admin" });
const member = await sandbox.user({ email: "member@acme.test", account_id: acme, role: "member" });
await sandbox.user({ email: "other@acme.test", account_id: acme, role: "member" });
await sandbox.app({
  client_id: "scheduler",
  name: "Scheduler <Personal>",
  webhook_url: receiver.url,
  webhook_secret: SECRET,
});
await sandbox.app({
  client_id: "org-scheduler",
  name: "Org Scheduler",
  kind: "admin",
  webhook_url: receiver.url,
  webhook_secret: SECRET,
});

/** A browser: keeps the sandbox's session cookie, follows nothing by itself. */
function browser() {
  let cookie = "";
  async function go(path: string, form?: Record<string, string>) {
    const response = await fetch(new URL(path, sandbox.url), {
      method: form === undefined ? "GET" : "POST",
      redirect: "manual",
      headers: { cookie },
      ...(form === undefined ? {} : { body: new URLSearchParams(form) }),
    });
    const set = response.headers.get("set-cookie");
    if (set !== null) cookie = set.split(";")[0] ?? "";
    return {
      status: response.status,
      location: response.headers.get("location"),
      html: await response.text(),
    };
  }
  return {
    get: (path: string) => go(path),
    post: (path: string, form: Record<string, string> = {}) => go(path, form),
    async signIn(email: string) {
      const reply = await go("/signin", { email, next: "/marketplace" });
      assert.equal(reply.status, 303, reply.html);
    },
  };
}

/** The target of the link whose text is `text` on a page. */
function linkTo(html: string, text: string): string {
  for (const [, href, inner] of html.matchAll(/<a[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)) {
    if ((inner as string).includes(text)) return (href as string).replaceAll("&amp;", "&");
  }
  throw new Error(`no link "${text}" in ${html}`);
}

function verify(webhook: ReceivedWebhook): void {
  const timestamp = String(webhook.headers["x-zm-request-timestamp"]);
  const expected = createHmac("sha256", SECRET)
    .update(`v0:${timestamp}:${webhook.rawBody}`)
    .digest("hex");
  assert.equal(webhook.headers["x-zm-signature"], `v0=${expected}`);
}

const works = async (token: string) =>
  (await call(`${sandbox.url}/v2/users/me`, { token })).status === 200;

test("the Manage pages send a signed-out browser to sign in, and back to where it was going", async () => {
  const person = browser();
  const asked = await person.get("/marketplace/manage/installed");
  assert.equal(asked.status, 303);
  const signIn = await person.get(asked.location ?? "");
  assert.equal(signIn.status, 200);
  assert.match(signIn.html, /<title>Sign in to Zoom<\/title>/);
  assert.match(signIn.html, /name="next" value="\/marketplace\/manage\/installed"/);
  const unknown = await person.post("/signin", { email: "nobody@acme.test", next: "/x" });
  assert.match(unknown.html, /No Zoom user has this email address/);
  const signedIn = await person.post("/signin", {
    email: "member@acme.test",
    next: "/marketplace/manage/installed",
  });
  assert.equal(signedIn.status, 303);
  assert.equal(signedIn.location, "/marketplace/manage/installed");
  assert.equal((await person.get("/marketplace/manage/installed")).status, 200);
});

test("signing in never sends the browser to another site", async () => {
  const person = browser();
  for (const next of ["//evil.example/", "/\\evil.example", "https://evil.example/"]) {
    const reply = await person.post("/signin", { email: "member@acme.test", next });
    assert.equal(reply.status, 303);
    assert.ok(
      reply.location?.startsWith("/") && !reply.location.startsWith("//"),
      reply.location ?? "",
    );
  }
});

test("Installed Apps lists a member's own apps but not the account's admin-managed ones, which admins see", async () => {
  await connect(sandbox.url, "scheduler", "other@acme.test");
  await connect(sandbox.url, "org-scheduler", "owner@acme.test");
  const member = browser();
  await member.signIn("other@acme.test");
  const memberList = (await member.get("/marketplace/manage/installed")).html;
  assert.match(memberList, /Scheduler &lt;Personal&gt;/, "the name is escaped");
  assert.doesNotMatch(memberList, /Org Scheduler/);
  const admin = browser();
  await admin.signIn("admin@acme.test");
  const adminList = (await admin.get("/marketplace/manage/installed")).html;
  assert.match(adminList, /Org Scheduler/);
  assert.doesNotMatch(adminList, /Scheduler &lt;Personal&gt;/, "another user's personal app");
  const denied = await member.post("/marketplace/manage/installed/org-scheduler/uninstall");
  assert.equal(denied.status, 404);
});

test("Marketplace → Manage → Installed Apps → the app → Uninstall revokes its tokens and sends a signed app_deauthorized", async () => {
  const tokens = await connect(sandbox.url, "scheduler", "member@acme.test");
  const person = browser();
  await person.signIn("member@acme.test");
  const home = await person.get("/marketplace");
  assert.match(home.html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
  const manage = await person.get(linkTo(home.html, "Manage"));
  const installed = await person.get(linkTo(manage.html, "Installed Apps"));
  const appPage = await person.get(linkTo(installed.html, "Scheduler &lt;Personal&gt;"));
  assert.match(appPage.html, /<title>Scheduler &lt;Personal&gt; – Installed Apps<\/title>/);
  const confirm = await person.get(linkTo(appPage.html, "Uninstall"));
  assert.match(confirm.html, /Uninstall Scheduler &lt;Personal&gt;\?/);
  assert.ok(await works(tokens.access_token), "nothing happens before the confirmation");
  const action = /<form method="post" action="([^"]+)"/.exec(confirm.html)?.[1] ?? "";
  const before = receiver.events("app_deauthorized").length;

  const done = await person.post(action);

  assert.equal(done.status, 303);
  assert.equal(await works(tokens.access_token), false);
  const refreshed = await fetch(`${sandbox.url}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from("scheduler:scheduler-secret").toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refresh_token }),
  });
  assert.equal(refreshed.status, 400);
  const sent = receiver.events("app_deauthorized").slice(before);
  assert.equal(sent.length, 1);
  const webhook = sent[0] as ReceivedWebhook;
  verify(webhook);
  assert.deepEqual(
    { ...webhook.body.payload, signature: "", deauthorization_time: "" },
    {
      account_id: acme,
      user_id: member.id,
      client_id: "scheduler",
      signature: "",
      deauthorization_time: "",
    },
  );
  const after = await person.get(done.location ?? "");
  assert.match(after.html, /Scheduler &lt;Personal&gt; was uninstalled\./);
  assert.equal(
    (after.html.match(/Scheduler &lt;Personal&gt;/g) ?? []).length,
    1,
    "only the notice",
  );
});

test("an account admin uninstalls an admin-managed app for the whole account", async () => {
  const tokens = await connect(sandbox.url, "org-scheduler", "owner@acme.test");
  const admin = browser();
  await admin.signIn("admin@acme.test");
  const confirm = await admin.get("/marketplace/manage/installed/org-scheduler/uninstall");
  assert.match(confirm.html, /removed for everyone in your account/);
  const before = receiver.events("app_deauthorized").length;
  const done = await admin.post("/marketplace/manage/installed/org-scheduler/uninstall");
  assert.equal(done.status, 303);
  assert.equal(await works(tokens.access_token), false);
  const [webhook] = receiver.events("app_deauthorized").slice(before);
  assert.ok(webhook);
  verify(webhook);
  assert.equal(webhook.body.payload.client_id, "org-scheduler");
  assert.equal(webhook.body.payload.account_id, acme);
  const list = (await admin.get("/marketplace/manage/installed")).html;
  assert.doesNotMatch(list, /href="[^"]*org-scheduler"/);
});
