import assert from "node:assert/strict";
import { test } from "node:test";
import { formsOf } from "../support/page-forms.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

const { app, db } = await buildWebApp();
const { organization, users, programs } = await seedTenant(db, "Acme");
const newMeeting = `/o/${organization.slug}/programs/${programs.p1.id}/meetings/new`;

/** The value of the sign-in form's hidden `next`, as the page carries it. */
const nextOf = (page: string) =>
  [
    ...(formsOf(page)
      .find((form) => form.action === "/sign-in")
      ?.fields.get("next") ?? []),
  ][0];

test("a signed-out person who opens a meeting form signs in and lands back on the form", async () => {
  const person = webClient(app);
  const asked = await person.get(newMeeting);
  assert.equal(asked.status, 303);
  assert.equal(asked.location, `/sign-in?next=${encodeURIComponent(newMeeting)}`);
  const signInPage = await person.get(asked.location ?? "");
  assert.equal(signInPage.status, 200);
  assert.equal(nextOf(signInPage.body), newMeeting, "the sign-in form carries the way back");
  const signedIn = await person.post("/sign-in", {
    email: users.mentor.email,
    password,
    next: nextOf(signInPage.body) ?? "",
  });
  assert.equal(signedIn.status, 303);
  assert.equal(signedIn.location, newMeeting);
  const form = await person.get(newMeeting);
  assert.equal(form.status, 200);
  assert.match(
    form.body,
    /<form method="post" action="[^"]+\/meetings" class="panel meeting-form" novalidate data-keep-draft>/,
  );
});

test("a return path that leaves the site is ignored: the sign-in lands on the start page", async () => {
  for (const next of [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "/.//evil.example",
    "/%2e//evil.example",
  ]) {
    const person = webClient(app);
    const page = await person.get(`/sign-in?next=${encodeURIComponent(next)}`);
    assert.equal(nextOf(page.body), "/", next);
    const signedIn = await person.post("/sign-in", { email: users.mentor.email, password, next });
    assert.equal(signedIn.status, 303, next);
    assert.equal(signedIn.location, "/", next);
  }
});

test("a form sent after the session ended is answered with the sign-in page, which keeps nothing of the form", async () => {
  const person = webClient(app);
  await person.signIn(users.mentor.email, password);
  const form = await person.get(newMeeting);
  const action = formsOf(form.body).find((f) => f.markup.includes("data-keep-draft"))?.action;
  assert.ok(action, "the meeting form keeps its draft");
  // Signed out in another tab: the cookie goes for the whole browser.
  await person.post("/sign-out");
  assert.equal(person.jar.has("confab_session"), false);

  const sent = await person.post(action, {
    title: "Quarterly planning with a secret name",
    date: "2031-05-06",
    time: "10:00",
    duration: "30",
    timeZone: "Europe/Paris",
  });
  assert.equal(sent.status, 401);
  assert.match(
    sent.body,
    /You were signed out; sign in to go back to your form — what you typed is kept in this browser\./,
  );
  assert.match(sent.body, /data-draft-kept data-draft-return/);
  assert.doesNotMatch(
    sent.body,
    /Quarterly planning/,
    "what was typed is not on the server's page",
  );
  assert.equal(nextOf(sent.body), "/", "the browser's own script names the page to go back to");

  // The page's fresh token works: signing in, and then sending the form again, both go through.
  const signedIn = await person.post("/sign-in", {
    email: users.mentor.email,
    password,
    next: newMeeting,
  });
  assert.equal(signedIn.status, 303);
  assert.equal(signedIn.location, newMeeting);
  const again = await person.get(newMeeting);
  assert.equal(again.status, 200);
  const resent = await person.post(action, { title: "Quarterly planning", date: "2031-05-06" });
  assert.notEqual(resent.status, 401);
  assert.notEqual(resent.status, 403, resent.body);
});

test("a signed-out form posted without the form's token is still refused as forged", async () => {
  const person = webClient(app);
  const refused = await person.postRaw(
    `/o/${organization.slug}/programs/${programs.p1.id}/meetings`,
    {
      title: "x",
    },
  );
  assert.equal(refused.status, 403);
  assert.match(refused.body, /This form has expired/);
});
