import assert from "node:assert/strict";

/**
 * What a person does on Zoom's consent page: opens it, signs in with their email, presses Allow
 * or Decline. Returns where Zoom sends the browser next.
 */
export async function consentAtZoom(
  authorizationUrl: URL,
  email: string,
  decision: "Allow" | "Decline",
) {
  const page = await fetch(authorizationUrl);
  const body = await page.text();
  assert.equal(page.status, 200, body);
  assert.match(body, new RegExp(`>${decision}</button>`));
  const action = /<form method="post" action="([^"]+)"/.exec(body)?.[1];
  assert.ok(action, "the consent page has a form");
  const form = new URLSearchParams();
  for (const [, name, value] of body.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    form.set(decode(name as string), decode(value as string));
  }
  form.set("email", email);
  form.set("decision", decision.toLowerCase());
  const answer = await fetch(new URL(action, authorizationUrl), {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  const location = answer.headers.get("location");
  assert.ok(location, `Zoom redirects after ${decision}: ${answer.status} ${await answer.text()}`);
  return new URL(location);
}

function decode(text: string): string {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
