import { createHmac } from "node:crypto";

/** `x-zm-signature`: `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`) (zoom.md item 22). */
export function signWebhook(secret: string, timestampSeconds: number, rawBody: string): string {
  const digest = createHmac("sha256", secret)
    .update(`v0:${timestampSeconds}:${rawBody}`)
    .digest("hex");
  return `v0=${digest}`;
}

/** The `encryptedToken` an endpoint must answer to `endpoint.url_validation` (zoom.md item 23). */
export function encryptPlainToken(secret: string, plainToken: string): string {
  return createHmac("sha256", secret).update(plainToken).digest("hex");
}
