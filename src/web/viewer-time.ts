import { describeTime, wallClock } from "../conferencing/zoned-time.ts";
import { type Html, html } from "./html.ts";

/** Whose clock a meeting's time is read on: the viewer's chosen zone, and the meeting's own. */
export interface TimeZones {
  /** The viewer's zone from Your account; null until they chose one. */
  viewer: string | null;
  meeting: string;
}

/**
 * A meeting's time as one viewer reads it: in their own zone, named, with the meeting's own
 * zone beside it (and on hover) when that differs. Until the viewer chose a zone it is the
 * meeting's, named too: confab never guesses a zone without saying which one it shows.
 */
export function viewerTime(instant: Date, zones: TimeZones): Html {
  const zone = zones.viewer ?? zones.meeting;
  const shown = describeTime(instant, zone);
  if (zone === zones.meeting)
    return html`<time datetime="${instant.toISOString()}">${shown}</time>`;
  const planned = describeTime(instant, zones.meeting);
  return html`<time datetime="${instant.toISOString()}" title="${planned} where it was planned">${shown}</time>
    <span class="muted small" data-meeting-zone="${zones.meeting}">(${meetingClock(instant, zone, zones.meeting)})</span>`;
}

/** The same instant in the meeting's zone, short: "14:30 in America/New_York", dated when the day differs. */
function meetingClock(instant: Date, viewerZone: string, meetingZone: string): string {
  const there = wallClock(instant, meetingZone);
  if (there.date === wallClock(instant, viewerZone).date) return `${there.time} in ${meetingZone}`;
  const day = new Intl.DateTimeFormat("en-GB", {
    timeZone: meetingZone,
    weekday: "short",
    day: "numeric",
    month: "short",
  }).format(instant);
  return `${day}, ${there.time} in ${meetingZone}`;
}
