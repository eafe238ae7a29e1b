import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { readZoomSettings } from "../../../src/providers/zoom/zoom-settings.ts";
import { readZoomWebhook } from "../../../src/providers/zoom/zoom-webhook.ts";

/** Each Zoom app signs its webhooks with its own Secret Token; confab takes both apps'. */
const problems: string[] = [];
const settings = readZoomSettings(
  {
    ZOOM_USER_CLIENT_ID: "user-app",
    ZOOM_USER_CLIENT_SECRET: "user-app-secret",
    ZOOM_USER_WEBHOOK_SECRET: "user-app-webhook-token",
    ZOOM_ORG_CLIENT_ID: "org-app",
    ZOOM_ORG_CLIENT_SECRET: "org-app-secret",
    ZOOM_ORG_WEBHOOK_SECRET: "org-app-webhook-token",
  },
  problems,
);

function delivery(secret: string, body: unknown) {
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", secret).update(`v0:${timestamp}:${raw}`).digest("hex");
  return {
    raw,
    headers: {
      "x-zm-signature": `v0=${signature}`,
      "x-zm-request-timestamp": timestamp,
      "x-zm-request-id": crypto.randomUUID(),
    },
  };
}

const deauthorized = (clientId: string) => ({
  event: "app_deauthorized",
  payload: { client_id: clientId, account_id: "acc", user_id: "usr" },
});

test("deliveries of both Zoom apps are accepted, each signed with its own app's Secret Token", () => {
  assert.deepEqual(problems, []);
  const fromUserApp = delivery("user-app-webhook-token", deauthorized("user-app"));
  const fromOrgApp = delivery("org-app-webhook-token", deauthorized("org-app"));
  assert.equal(
    readZoomWebhook(settings, fromUserApp.raw, fromUserApp.headers).events[0]?.type,
    "grant_revoked",
  );
  const org = readZoomWebhook(settings, fromOrgApp.raw, fromOrgApp.headers).events[0];
  assert.equal(org?.type === "grant_revoked" ? org.kind : undefined, "organization");
});

test("a delivery signed with any other secret is refused", () => {
  const forged = delivery("someone-elses-token", deauthorized("org-app"));
  assert.throws(() => readZoomWebhook(settings, forged.raw, forged.headers), { kind: "rejected" });
});

test("Zoom's URL validation is answered with the secret of the app that asked", () => {
  const challenge = delivery("org-app-webhook-token", {
    event: "endpoint.url_validation",
    payload: { plainToken: "abc" },
  });
  const reply = readZoomWebhook(settings, challenge.raw, challenge.headers).reply;
  assert.equal(
    reply?.encryptedToken,
    createHmac("sha256", "org-app-webhook-token").update("abc").digest("hex"),
  );
});

test("ZOOM_WEBHOOK_SECRET stands in for an app that has no Secret Token of its own", () => {
  const shared = readZoomSettings(
    {
      ZOOM_ORG_CLIENT_ID: "org-app",
      ZOOM_ORG_CLIENT_SECRET: "org-app-secret",
      ZOOM_WEBHOOK_SECRET: "shared-token",
    },
    [],
  );
  assert.equal(shared.orgApp?.webhookSecret, "shared-token");
});
