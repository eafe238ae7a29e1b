import {
  describeSeries,
  maximumOccurrences,
  type RepeatFields,
  type SeriesRule,
  shortDate,
  weekDayNames,
} from "../../program-meetings/meeting-series.ts";
import type { SeriesLink, SeriesLinks } from "../../program-meetings/series-links.ts";
import { type MeetingSeries, scheduledStartOf } from "../../program-meetings/series-occurrences.ts";
import { csrfInput, type FieldErrors, field, selectField, textOf, textsOf } from "../forms.ts";
import { type Html, html } from "../html.ts";
import { type TimeZones, viewerTime } from "../viewer-time.ts";
import { occurrenceChangedInZoomNote } from "./changed-in-zoom-views.ts";

/** The repeat fields of a meeting form's body; weekdays may come checked or as one "2,4". */
export function repeatFieldsOfBody(body: unknown): RepeatFields {
  return {
    repeats: textOf(body, "repeats") || "none",
    repeatEvery: textOf(body, "repeatEvery"),
    weekDays: textsOf(body, "weekDays"),
    monthDay: textOf(body, "monthDay"),
    ends: textOf(body, "ends") || "count",
    endCount: textOf(body, "endCount"),
    endDate: textOf(body, "endDate"),
  };
}

/** The repeat fields as hidden inputs of a review step, so that going on or back loses nothing. */
export function repeatHiddenValues(repeat: RepeatFields | undefined): Record<string, string> {
  if (!repeat) return {};
  return {
    repeats: repeat.repeats,
    repeatEvery: repeat.repeatEvery,
    weekDays: repeat.weekDays.join(","),
    monthDay: repeat.monthDay,
    ends: repeat.ends,
    endCount: repeat.endCount,
    endDate: repeat.endDate,
  };
}

/** "Repeats" and "Ends" on the meeting form: one series is one recurring video meeting. */
export function repeatFieldset(values: RepeatFields, errors: FieldErrors): Html {
  const days = new Set(values.weekDays.flatMap((d) => d.split(",")));
  return html`<fieldset class="field" data-repeat>
      <legend>Repeats</legend>
      <div class="form-grid">
        ${selectField({
          label: "Repeats",
          name: "repeats",
          options: [
            { value: "none", label: "Does not repeat" },
            { value: "daily", label: "Daily" },
            { value: "weekly", label: "Weekly" },
            { value: "monthly", label: "Monthly, on a day of the month" },
          ],
          value: values.repeats,
          errors,
        })}
        ${field({ label: "Every (days, weeks or months)", name: "repeatEvery", value: values.repeatEvery || "1", errors })}
        ${field({ label: "Day of the month (monthly)", name: "monthDay", value: values.monthDay, errors })}
      </div>
      <fieldset class="field${errors.weekDays ? " field-invalid" : ""}"${errors.weekDays ? html` aria-describedby="weekDays-error"` : ""}>
        <legend>On (weekly)</legend>
        <ul class="choice-list">${weekDayNames.map(
          (name, i) =>
            html`<li><label><input type="checkbox" name="weekDays" value="${String(i)}"${days.has(String(i)) ? html` checked` : ""}> ${name}</label></li>`,
        )}</ul>
        ${errors.weekDays ? html`<p class="field-error" id="weekDays-error">${errors.weekDays}</p>` : ""}
      </fieldset>
      <div class="form-grid">
        ${selectField({
          label: "Ends",
          name: "ends",
          options: [
            { value: "count", label: "After a number of times" },
            { value: "date", label: "On a date" },
          ],
          value: values.ends,
          errors,
        })}
        ${field({ label: "Number of times", name: "endCount", value: values.endCount, errors })}
        ${field({ label: "Last date", name: "endDate", type: "date", value: values.endDate, errors })}
      </div>
      <p class="hint">A series meets at most ${maximumOccurrences} times, with one join link for all of them.</p>
    </fieldset>`;
}

/** A series in a sentence with its first and last dates: "Weekly on Tuesday, 8 times: Tue 8 Dec … Tue 26 Jan". */
export function seriesLine(
  series: { rule: SeriesRule; starts: Date[] } | undefined,
  zone: string,
): Html {
  if (!series) return html``;
  const first = series.starts[0];
  const last = series.starts.at(-1);
  const span =
    first && last && series.starts.length > 1
      ? `: ${shortDate(first, zone)} … ${shortDate(last, zone)}`
      : "";
  return html`<p data-series>${describeSeries(series.rule)}${span}</p>`;
}

/**
 * The meeting page's list of a series' meetings, each in the viewer's zone; its organizer may
 * change or cancel one that has not started, and the rest go on. With the series it continues
 * or that continue it after a "This and following", each linked.
 */
export function occurrenceList(
  series: MeetingSeries | undefined,
  zones: TimeZones,
  o: { base: string; csrfToken: string; canChange: boolean; now: Date; links?: SeriesLinks },
): Html {
  const links = linkLines(o.links, zones, o.base);
  if (!series) {
    // A series split into a single meeting is still its continuation.
    return links.length === 0
      ? html``
      : html`<section class="panel" aria-labelledby="series-heading">
          <h2 id="series-heading">Series</h2>
          ${links}
        </section>`;
  }
  const actions = (occurrenceId: string) =>
    html` <a class="button button-quiet" href="${o.base}/occurrences/${occurrenceId}/change">Change this one</a>
      <form method="post" action="${o.base}/occurrences/${occurrenceId}/cancel" class="inline-form">
        ${csrfInput(o.csrfToken)}
        <button type="submit" class="button button-danger-quiet">Cancel this one</button>
      </form>`;
  return html`<section class="panel" aria-labelledby="series-heading">
    <h2 id="series-heading">Series</h2>
    <p data-series>${describeSeries(series.rule)}. One join link for every meeting.</p>
    ${links}
    <ol class="plain-list" data-occurrences>${series.occurrences.map(
      (occurrence) =>
        html`<li data-occurrence="${occurrence.occurrenceId}" data-status="${occurrence.status}">${viewerTime(occurrence.startAt, zones)}${
          occurrence.status === "cancelled"
            ? html` <span class="badge badge-off">Cancelled</span>`
            : occurrence.status === "moved"
              ? html` <span class="badge">Moved from ${viewerTime(scheduledStartOf(occurrence.occurrenceId), zones)}</span>`
              : ""
        }${
          occurrence.status !== "cancelled" &&
          o.canChange &&
          occurrence.startAt.getTime() > o.now.getTime()
            ? actions(occurrence.occurrenceId)
            : ""
        }${occurrenceChangedInZoomNote(occurrence, zones, o)}</li>`,
    )}</ol>
  </section>`;
}

/**
 * "Continues Office hours from Tue 18 Mar." and "Continued from Tue 18 Mar as Office hours.",
 * dated in the viewer's zone, each linking the other meeting's page (one of the same program).
 */
function linkLines(links: SeriesLinks | undefined, zones: TimeZones, meetingBase: string): Html[] {
  if (!links) return [];
  const zone = zones.viewer ?? zones.meeting;
  const programMeetings = meetingBase.slice(0, meetingBase.lastIndexOf("/"));
  const to = (link: SeriesLink) =>
    html`<a href="${programMeetings}/${link.meetingId}">${link.title}</a>${
      link.cancelled ? html` <span class="badge badge-off">Cancelled</span>` : ""
    }`;
  return [
    ...(links.continues
      ? [
          html`<p data-continues="${links.continues.meetingId}">Continues ${to(links.continues)} from ${shortDate(links.continues.from, zone)}.</p>`,
        ]
      : []),
    ...links.continuedAs.map(
      (link) =>
        html`<p data-continued-as="${link.meetingId}">Continued from ${shortDate(link.from, zone)} as ${to(link)}.</p>`,
    ),
  ];
}

/**
 * On the review of a change to the whole series: the meetings moved one by one that it puts
 * back to the series' times (the provider schedules the series anew).
 */
export function movesUndoneNotice(count: number): Html {
  if (count === 0) return html``;
  return html`<p class="alert alert-info" role="status" data-moves-undone>Editing the whole series resets the ${
    count === 1 ? "meeting" : `${count} meetings`
  } moved one by one: ${count === 1 ? "it goes" : "they go"} back to the series' times. Cancelled meetings stay cancelled.</p>`;
}
