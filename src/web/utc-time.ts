import { type Html, html } from "./html.ts";

/** "2026-12-02 14:30" in UTC: the operator's and admin's pages speak one zone. */
export function utcMinute(at: Date): string {
  return at.toISOString().slice(0, 16).replace("T", " ");
}

/** A machine-readable <time> showing the UTC minute. */
export function utcTime(at: Date): Html {
  return html`<time datetime="${at.toISOString()}">${utcMinute(at)} UTC</time>`;
}
