import assert from "node:assert/strict";

/**
 * What a person does on Microsoft's sign-in and consent page: opens it, types their address,
 * presses Accept or Cancel. Returns where Microsoft sends the browser next (confab's callback).
 * A person Microsoft itself keeps on the page (an account of another tenant, say) fails the test
 * with the page's words.
 */
export async function consentAtMicrosoft(
  authorizationUrl: URL | string,
  email: string,
  decision: "Accept" | "Cancel" = "Accept",
) {
  const page = await fetch(authorizationUrl, { redirect: "manual" });
  const body = await page.text();
  assert.equal(page.status, 200, `Microsoft's sign-in page: ${body}`);
  assert.match(body, new RegExp(`>${decision}</button>`));
  const action = /<form method="post" action="([^"]+)"/.exec(body)?.[1];
  assert.ok(action, "the sign-in page has a form");
  const form = new URLSearchParams();
  for (const [, name, value] of body.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    form.set(decode(name as string), decode(value as string));
  }
  form.set("email", email);
  form.set("decision", decision.toLowerCase());
  const answer = await fetch(new URL(decode(action), authorizationUrl), {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  const location = answer.headers.get("location");
  assert.ok(
    location,
    `Microsoft redirects after ${decision}: ${answer.status} ${await answer.text()}`,
  );
  return new URL(location, authorizationUrl);
}

function decode(text: string): string {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&#x27;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
