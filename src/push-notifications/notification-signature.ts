import { createHmac } from "node:crypto";

/** Cronofy's signature: base64 HMAC-SHA256 of the exact body, keyed with the client secret. */
export function cronofySignature(body: string, clientSecret: string): string {
  return createHmac("sha256", clientSecret).update(body).digest("base64");
}

/**
 * confab's own signature, which Cronofy's lacks: it binds the delivery's id and the moment it was
 * sent to the body, so a receiver can refuse a replay (an old timestamp, an id seen before).
 * `Confab-Signature: t=<unix seconds>,id=<delivery id>,v1=<hex HMAC-SHA256 of "id.t.body">`.
 */
export function confabSignature(
  body: string,
  clientSecret: string,
  delivery: { id: string; unixSeconds: number },
): string {
  const signed = `${delivery.id}.${delivery.unixSeconds}.${body}`;
  const v1 = createHmac("sha256", clientSecret).update(signed).digest("hex");
  return `t=${delivery.unixSeconds},id=${delivery.id},v1=${v1}`;
}
