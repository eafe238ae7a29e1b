import { type Html, html } from "../html.ts";

/**
 * A horizontal bar of a budget's use: green while there is room, amber from 80 %, red when it is
 * spent. SVG with a label, so it reads as "42 of 100 used" to a screen reader too.
 */
export function budgetBar(o: { used: number; limit: number; label: string }): Html {
  const share = Math.min(1, o.used / Math.max(1, o.limit));
  const level = share >= 1 ? "full" : share >= 0.8 ? "high" : "ok";
  return html`<svg class="budget-bar budget-${level}" viewBox="0 0 100 8" preserveAspectRatio="none"
      role="img" aria-label="${o.label}">
    <rect x="0" y="0" width="100" height="8" rx="4" fill="#eef1f6"></rect>
    ${share > 0 ? html`<rect x="0" y="0" width="${Math.max(2, Math.round(share * 1000) / 10)}" height="8" rx="4" fill="currentColor"></rect>` : ""}
  </svg>`;
}
