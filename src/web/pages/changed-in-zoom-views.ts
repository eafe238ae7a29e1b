import type { ProviderSideChange } from "../../conferencing/provider-side-change.ts";
import type { ProgramMeeting } from "../../program-meetings/program-meeting.ts";
import { deletedCannotBeRestored } from "../../program-meetings/restore-confab-change.ts";
import type { SeriesOccurrence } from "../../program-meetings/series-occurrences.ts";
import { postButton } from "../forms.ts";
import { type Html, html } from "../html.ts";
import { type TimeZones, viewerTime } from "../viewer-time.ts";
import { durationLabel } from "./program-meeting-views.ts";

/** How a change made in the provider's own interface differs from the meeting in confab. */
function differences(meeting: ProgramMeeting, change: ProviderSideChange) {
  const start = new Date(change.startTime);
  const moved =
    start.getTime() !== meeting.startAt.getTime() ||
    change.durationMinutes !==
      Math.round((meeting.endAt.getTime() - meeting.startAt.getTime()) / 60_000) ||
    change.timeZone !== meeting.timeZone;
  const renamed = change.topic !== undefined && change.topic !== meeting.title;
  const noun = moved && renamed ? "changes" : renamed ? "title" : "time";
  return { start, moved, renamed, noun };
}

/** "moved in Zoom to Thu 3 Dec 2026, 14:00 (45 minutes)", "renamed in Zoom to “…”", or both. */
function whatChanged(
  meeting: ProgramMeeting,
  change: ProviderSideChange,
  viewerTimeZone: string | null,
): Html {
  const { start, moved, renamed } = differences(meeting, change);
  const provider = providerOf(meeting);
  const when = html`moved in ${provider} to <strong>${viewerTime(start, { viewer: viewerTimeZone, meeting: change.timeZone })}</strong> (${durationLabel(change.durationMinutes)})`;
  const title = html`renamed in ${provider} to “${change.topic ?? ""}”`;
  if (moved && renamed) return html`${when} and ${title}`;
  return renamed ? title : when;
}

/**
 * On the meeting's page: its time (or title) was changed in the provider's own interface. Its
 * organizer chooses which stands; everyone else is told, so nobody trusts the wrong time unaware.
 */
export function changedInZoomNote(
  meeting: ProgramMeeting,
  change: ProviderSideChange | undefined,
  o: { canChange: boolean; base: string; csrfToken: string; viewerTimeZone: string | null },
): Html {
  if (!change || meeting.cancelled) return html``;
  const provider = providerOf(meeting);
  const { noun } = differences(meeting, change);
  const changed = whatChanged(meeting, change, o.viewerTimeZone);
  if (!o.canChange) {
    return html`<p class="alert alert-info" data-changed-at-provider>This meeting was ${changed}.
      The time above is confab's; the meeting's organizer decides which one stands.</p>`;
  }
  return html`<section class="alert alert-info" data-changed-at-provider aria-labelledby="changed-at-provider-heading">
      <p id="changed-at-provider-heading">This meeting was ${changed}. confab still has it as shown above, and has sent nothing back.</p>
      <div class="button-row">
        ${postButton({ action: `${o.base}/changed-in-zoom/keep`, label: `Keep ${provider}'s ${noun}`, style: "primary", csrfToken: o.csrfToken })}
        ${postButton({ action: `${o.base}/changed-in-zoom/restore`, label: `Restore confab's ${noun}`, csrfToken: o.csrfToken })}
      </div>
      <p class="muted small">Keeping it changes the meeting here, and everyone invited gets the updated
        invitation. Restoring it sets ${provider} back to confab's ${noun}; the invitations stand.</p>
    </section>`;
}

/** On the review before saving a change: saving sends confab's fields back over the provider's. */
export function changedInZoomWarning(
  meeting: ProgramMeeting | undefined,
  change: ProviderSideChange | undefined,
  viewerTimeZone: string | null,
): Html {
  if (!meeting || !change) return html``;
  const { noun } = differences(meeting, change);
  return html`<p class="alert alert-info" data-changed-at-provider>This meeting was
    ${whatChanged(meeting, change, viewerTimeZone)}; saving sends your ${noun === "changes" ? "time and title" : noun} to ${providerOf(meeting)}.</p>`;
}

/** The provider as the meeting's mode names it: "Zoom" for "Zoom video call". */
function providerOf(meeting: ProgramMeeting): string {
  return meeting.modeLabel.replace(/ video call$/, "") || "the provider";
}

/**
 * On one meeting of a series in its list: it was moved or deleted in the provider's own
 * interface. Its organizer keeps that (confab follows) or restores confab's time; a deleted one
 * cannot be brought back there, which is said plainly, with what can be done instead.
 */
export function occurrenceChangedInZoomNote(
  occurrence: SeriesOccurrence,
  zones: TimeZones,
  o: { base: string; csrfToken: string; canChange: boolean },
): Html {
  const change = occurrence.changedAtProvider;
  if (!change || occurrence.status === "cancelled") return html``;
  const { provider } = change;
  const changed =
    change.change === "deleted"
      ? html`cancelled in ${provider}`
      : html`moved in ${provider} to <strong>${viewerTime(new Date(change.startTime), zones)}</strong> (${durationLabel(change.durationMinutes)})`;
  if (!o.canChange) {
    return html`<p class="alert alert-info" data-occurrence-changed-at-provider="${change.change}">This meeting was ${changed}.
      The time shown is confab's; the meeting's organizer decides which one stands.</p>`;
  }
  const action = (what: string) =>
    `${o.base}/occurrences/${occurrence.occurrenceId}/changed-in-zoom/${what}`;
  if (change.change === "deleted") {
    const newMeeting = `${o.base.slice(0, o.base.lastIndexOf("/"))}/new`;
    return html`<div class="alert alert-info" data-occurrence-changed-at-provider="deleted">
        <p>This meeting was ${changed}. confab still has it, and has sent nothing back.</p>
        <div class="button-row">
          ${postButton({ action: action("keep"), label: "Keep it cancelled", style: "primary", csrfToken: o.csrfToken })}
          <a class="button button-quiet" href="${newMeeting}">Make a separate meeting</a>
        </div>
        <p class="muted small">${deletedCannotBeRestored(provider)} Keeping it cancels it here, and
          everyone invited gets the updated invitation.</p>
      </div>`;
  }
  return html`<div class="alert alert-info" data-occurrence-changed-at-provider="moved">
      <p>This meeting was ${changed}. confab still has it as shown, and has sent nothing back.</p>
      <div class="button-row">
        ${postButton({ action: action("keep"), label: `Keep ${provider}'s time`, style: "primary", csrfToken: o.csrfToken })}
        ${postButton({ action: action("restore"), label: "Restore confab's time", csrfToken: o.csrfToken })}
      </div>
      <p class="muted small">Keeping it moves this meeting here, and everyone invited gets the
        updated invitation. Restoring it sets ${provider} back to confab's time for this meeting only.</p>
    </div>`;
}
