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

/**
 * An organization install of Teams at Microsoft, both steps: `email` signs in at the sign-in page
 * confab sent the browser to; `atConfab` opens that callback in the browser that started the
 * install and returns where confab sends it next, which must be the tenant's admin consent; there
 * `email` accepts. Returns admin consent's callback, and the admin consent URL it came from.
 */
export async function installAtMicrosoft(
  signInUrl: URL | string,
  email: string,
  atConfab: (callback: URL) => Promise<string | undefined>,
) {
  const signedIn = await consentAtMicrosoft(signInUrl, email, "Accept");
  const next = await atConfab(signedIn);
  assert.ok(next, "confab sends the admin on after signing in");
  const consentUrl = new URL(next, signInUrl);
  assert.match(
    consentUrl.pathname,
    /^\/[0-9a-f-]{36}\/v2\.0\/adminconsent$/,
    `confab sends the admin on to their own tenant's admin consent: ${next}`,
  );
  return { callback: await consentAtMicrosoft(consentUrl, email, "Accept"), consentUrl };
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
