import { type Html, html } from "../html.ts";

export interface TrendPoint {
  at: Date;
  value: number;
}

const width = 240;
const height = 64;
const pad = 4;

/**
 * A small area chart of one count over a time window, drawn on the server as SVG: no script, no
 * charting library. Its colour comes from the surrounding text colour (`currentColor`), so one
 * CSS class per state colours it. `title` and `description` are what a screen reader hears.
 */
export function trendChart(o: {
  id: string;
  title: string;
  description: string;
  points: TrendPoint[];
  from: Date;
  to: Date;
}): Html {
  const span = Math.max(1, o.to.getTime() - o.from.getTime());
  const top = Math.max(1, ...o.points.map((p) => p.value));
  const x = (at: Date) => pad + ((at.getTime() - o.from.getTime()) / span) * (width - 2 * pad);
  const y = (value: number) => height - pad - (value / top) * (height - 2 * pad);
  const coordinates = o.points.map((p) => `${round(x(p.at))},${round(y(p.value))}`);
  const first = o.points[0];
  const last = o.points.at(-1);
  const area =
    first && last && o.points.length > 1
      ? `M${round(x(first.at))},${height - pad} L${coordinates.join(" L")} L${round(x(last.at))},${height - pad} Z`
      : "";
  return html`<svg class="trend-chart" viewBox="0 0 ${width} ${height}" role="img"
      aria-labelledby="${o.id}-title ${o.id}-desc" preserveAspectRatio="none">
    <title id="${o.id}-title">${o.title}</title>
    <desc id="${o.id}-desc">${o.description}</desc>
    <line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}"
      stroke="#d9dde6" stroke-width="1" vector-effect="non-scaling-stroke"></line>
    ${area ? html`<path d="${area}" fill="currentColor" fill-opacity="0.12"></path>` : ""}
    ${
      o.points.length > 1
        ? html`<polyline points="${coordinates.join(" ")}" fill="none" stroke="currentColor"
            stroke-width="2" stroke-linejoin="round" vector-effect="non-scaling-stroke"></polyline>`
        : ""
    }
    ${last ? html`<circle cx="${round(x(last.at))}" cy="${round(y(last.value))}" r="3" fill="currentColor"></circle>` : ""}
  </svg>`;
}

/** Words for a trend, for the chart's description: where it went, and its highest point. */
export function describeTrend(points: TrendPoint[], unit: string, window: string): string {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return `No ${unit} recorded in the ${window}.`;
  if (points.length === 1) return `${last.value} ${unit} now; no earlier reading in the ${window}.`;
  const peak = points.reduce((a, b) => (b.value > a.value ? b : a));
  return `${first.value} ${unit} at the start of the ${window}, ${last.value} now; highest ${peak.value} at ${peak.at.toISOString().slice(11, 16)} UTC.`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
