import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether a scrape may read /metrics: always without a configured token (a private network is
 * the usual protection), else only with `Authorization: Bearer <token>`, compared in constant time.
 */
export function scrapeAllowed(authorization: string | undefined, token: string | undefined) {
  if (token === undefined) return true;
  const given = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1] ?? "";
  // Hashing first makes both sides the same length, as timingSafeEqual requires.
  return timingSafeEqual(digest(given), digest(token));
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
