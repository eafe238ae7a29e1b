import { describeSeries, shortDate } from "../../program-meetings/meeting-series.ts";
import type { SplitChange } from "../../program-meetings/split-changes.ts";
import type { SeriesSplit } from "../../program-meetings/split-series.ts";
import { csrfInput } from "../forms.ts";
import { type Html, html } from "../html.ts";
import { type TimeZones, viewerTime } from "../viewer-time.ts";
import { durationLabel } from "./program-meeting-views.ts";

/**
 * Before "This and following" splits a series: where the series ends, what the new series is
 * (its own video meeting and a new join link), who hosts it, who is mailed, and what changes.
 * Nothing is saved until its confirm; Back goes to the form with what was typed.
 */
export function splitReview(o: {
  action: string;
  csrfToken: string;
  split: SeriesSplit;
  changes: SplitChange[];
  zones: TimeZones;
  /** "Zoom" for a provider's mode; undefined for a mode without a video meeting. */
  providerName: string | undefined;
  /** What the form sent, carried through so that Back and the confirm lose nothing. */
  fields: Record<string, string>;
  viewerId: string;
}): Html {
  const { meeting, following } = o.split;
  const zone = o.zones.viewer ?? o.zones.meeting;
  // Cancelled meetings are not "kept": the series ends after the last one that takes place.
  const held = o.split.kept.filter((k) => k.status !== "cancelled");
  const last = held.at(-1) ?? o.split.lastKept;
  const starts = following.draft.series?.starts ?? [following.draft.startAt];
  const hosting = following.hosting;
  const person = (p: { userId?: string | null; name: string; email: string }) =>
    html`${p.name || p.email} <span class="muted small">${p.email}</span>${p.userId === o.viewerId ? " (you)" : ""}`;
  return html`<h1>Split ${meeting.title}?</h1>
    <section class="panel" aria-labelledby="split-heading" data-split-review>
      <h2 id="split-heading" class="visually-hidden">What happens</h2>
      <p data-split-ends>The series “${meeting.title}” ends after its meeting of
        <strong>${viewerTime(last.startAt, o.zones)}</strong> (${count(held.length, "meeting")} kept).</p>
      <p data-split-starts>A new series, “${following.draft.title}”, starts on
        <strong>${viewerTime(following.draft.startAt, o.zones)}</strong> with
        <strong>${count(starts.length, "meeting")}</strong>${
          following.draft.series ? `: ${describeSeries(following.draft.series.rule)}` : ""
        }${starts.length > 1 ? `, the last on ${shortDate(starts.at(-1) as Date, zone)}` : ""}.</p>
      ${
        o.providerName
          ? html`<p data-split-link>It is a ${o.providerName} meeting of its own, with <strong>a new join link</strong>.
              The series' link keeps working for its meetings up to ${shortDate(last.startAt, zone)}.</p>`
          : html`<p data-split-link>It is a meeting of its own, by ${following.mode.label}.</p>`
      }
      <h3>What changes</h3>
      ${
        o.changes.length === 0
          ? html`<p data-split-changes>Nothing else: the new series meets as the series would have.</p>`
          : html`<ul data-split-changes>${o.changes.map((c) => html`<li data-change="${c.field}">${changeLine(c, o.zones)}</li>`)}</ul>`
      }
      <dl class="hosting-plan">
        ${
          hosting
            ? html`<dt>Host</dt>
              <dd data-role="host">${person(hosting.host)} — starts the new series' meetings.</dd>
              ${
                hosting.alternativeHosts.length > 0
                  ? html`<dt>Alternative hosts</dt>
                    <dd data-role="alternative_host"><ul class="plain-list">${hosting.alternativeHosts.map((p) => html`<li>${person(p)}</li>`)}</ul></dd>`
                  : ""
              }`
            : ""
        }
        <dt>Told by mail</dt>
        <dd data-split-told><ul class="plain-list">${following.invitees.map(
          (p) => html`<li>${person(p)}</li>`,
        )}${following.guests.map(
          (g) =>
            html`<li>${g.name || g.email} <span class="muted small">${g.email}</span> <span class="tag">Guest</span></li>`,
        )}</ul>
          <span class="muted small">Each is sent the series' changed invitation, ending with its meeting of
            ${shortDate(last.startAt, zone)}, and an invitation to the new series with its link.</span></dd>
      </dl>
      <form method="post" action="${o.action}" class="button-row">
        ${csrfInput(o.csrfToken)}
        ${Object.entries(o.fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
        <button type="submit" name="step" value="save" class="button button-primary">Split the series</button>
        <button type="submit" name="step" value="edit" class="button button-quiet">Back</button>
      </form>
    </section>`;
}

/** A confirm sent again (Back, then once more; a reload): the split it made, and nothing new. */
export function splitAlreadyDone(o: { title: string; newSeriesPath: string }): Html {
  return html`<section class="panel narrow">
    <h1>Already done</h1>
    <p data-already-split>The series “${o.title}” was already split here, so nothing was changed
      again. Its meetings from then on go on as <a href="${o.newSeriesPath}">the new series</a>.</p>
  </section>`;
}

function changeLine(change: SplitChange, zones: TimeZones): Html {
  switch (change.field) {
    case "title":
      return html`Title: “${change.from}” → “${change.to}”`;
    case "start":
      return html`First meeting: ${viewerTime(change.from, zones)} → ${viewerTime(change.to, zones)}`;
    case "duration":
      return html`Length: ${durationLabel(change.from)} → ${durationLabel(change.to)}`;
    case "repeats":
      return html`Repeats: ${change.from} → ${change.to}`;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
