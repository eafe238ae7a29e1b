/** The pages a meeting's join_url and start_url open: in the meeting, or why not. */
import { escapeHtml } from "../../common/escape-html.ts";
import { zoomPage } from "../oauth/consent-page.ts";
import type { Meeting, User } from "../state.ts";
import { signInForm } from "./sign-in-page.ts";

export function inMeetingPage(meeting: Meeting, as: "participant" | "host"): string {
  return zoomPage(
    `${meeting.topic} – Zoom meeting`,
    `<h1>You are now in meeting ${meeting.id} (${escapeHtml(meeting.topic)}) as ${as === "host" ? "host" : "a participant"}</h1>
<p class="muted">The sandbox does not run meetings; this page stands for Zoom's meeting window.</p>`,
  );
}

export function invalidMeetingPage(): string {
  return zoomPage(
    "Invalid meeting ID",
    `<h1>Invalid meeting ID</h1>
<p class="error" role="alert">This meeting ID is not valid. Please check and try again.</p>`,
  );
}

/** Asked for when the link carries no passcode, or a wrong one. */
export function passcodePage(meeting: Meeting, wrong: boolean): string {
  const problem = wrong
    ? `<p class="error" role="alert">Wrong meeting passcode. Please check and try again.</p>`
    : "";
  return zoomPage(
    "Enter meeting passcode",
    `<h1>Enter meeting passcode</h1>
<p>Meeting ${meeting.id}</p>
${problem}
<form method="get" action="/j/${meeting.id}">
<label for="pwd">Meeting passcode</label>
<input type="text" id="pwd" name="pwd" required autocomplete="off">
<div class="actions"><button type="submit" class="allow">Join</button></div>
</form>`,
  );
}

/** A start link without the host's key, opened by someone who is not (or not yet) a host. */
export function notHostPage(meeting: Meeting, signedIn: User | undefined): string {
  const who =
    signedIn === undefined
      ? "Sign in as the host or an alternative host to start it."
      : `You are signed in as ${signedIn.email}, who is neither its host nor an alternative host. Sign in as one of them to start it.`;
  return zoomPage(
    "You cannot start this meeting",
    `<h1>You cannot start this meeting</h1>
<p class="error" role="alert">Only the host or an alternative host can start meeting ${meeting.id}. ${escapeHtml(who)}</p>
${signInForm({ next: `/s/${meeting.id}` })}`,
  );
}
