import { knownTimeZones } from "../../conferencing/zoned-time.ts";
import type { MeetingMode } from "../../orgs/meeting-modes.ts";
import type { ProgramMember } from "../../orgs/programs.ts";
import type { HostingOutlook } from "../../program-meetings/hosting-outlook.ts";
import { invitationText } from "../../program-meetings/invitation-text.ts";
import { durationChoices } from "../../program-meetings/meeting-draft.ts";
import { isNear, type MyMeetingStatus, statusOf } from "../../program-meetings/my-meetings.ts";
import { ownProfileProvider } from "../../program-meetings/own-profile-hosting.ts";
import type { PreparedMeeting } from "../../program-meetings/prepare-program-meeting.ts";
import type { ProgramMeeting } from "../../program-meetings/program-meeting.ts";
import { copyField, copyScript } from "../copy-field.ts";
import { csrfInput, type FieldErrors, field, formAlert, selectField } from "../forms.ts";
import { type Html, html } from "../html.ts";
import { viewerTime } from "../viewer-time.ts";
import { guestItems, guestsReview } from "./meeting-guest-views.ts";
import { meetingPolicySummary } from "./meeting-policy-section.ts";
import { meetingRoleLabel, roleLabel } from "./role-labels.ts";

/** The meeting form, new or changed; values are what was typed (or the meeting as it is). */
export function meetingForm(o: {
  action: string;
  csrfToken: string;
  heading: string;
  submitLabel: string;
  cancelHref: string;
  members: ProgramMember[];
  viewerId: string;
  modes: MeetingMode[];
  /** For each provider mode: who can host there, and how the program's rule fills in. */
  outlooks: Map<string, HostingOutlook>;
  /** Provider names by mode key, for the "can host in Zoom" tags. */
  providerNames: Map<string, string>;
  values: Record<string, string>;
  invitees: string[];
  errors?: FieldErrors;
  error?: string;
  /** A blank new meeting: the browser may put in its own time zone. */
  fresh?: boolean;
  /** Hidden fields sent along, e.g. a new meeting's one-time submission key. */
  hidden?: Html;
  /** How the meeting repeats (meeting-series-views.ts). */
  repeat?: Html;
  /** The guests box, when the program takes guests (meeting-guest-views.ts). */
  guests?: Html;
}): Html {
  const others = o.members.filter((m) => m.userId !== o.viewerId);
  const chosen = new Set(o.invitees);
  const errors = o.errors ?? {};
  // Who can host, said per person before Continue (one provider's tag per provider mode).
  const hostTags = (email: string) =>
    [...o.outlooks.entries()]
      .filter(([, outlook]) => outlook.canHost.has(email.toLowerCase()))
      .map(
        ([key]) =>
          html` <span class="tag" data-can-host="${key}">can host in ${o.providerNames.get(key) ?? key}</span>`,
      );
  return html`<h1>${o.heading}</h1>
    ${formAlert(o.error)}
    <form method="post" action="${o.action}" class="panel meeting-form" novalidate data-keep-draft>
      ${csrfInput(o.csrfToken)}
      ${o.hidden ?? ""}
      ${field({ label: "Title", name: "title", value: o.values.title, errors, required: true })}
      ${field({ label: "Description (optional)", name: "description", value: o.values.description, errors, rows: 3 })}
      <div class="form-grid">
        ${field({ label: "Date", name: "date", type: "date", value: o.values.date, errors, required: true })}
        ${field({ label: "Start time", name: "time", type: "time", value: o.values.time, errors, required: true })}
        ${selectField({
          label: "Duration",
          name: "duration",
          options: durationChoices.map((m) => ({
            value: String(m),
            label: durationLabel(m),
          })),
          value: o.values.duration ?? "30",
          errors,
        })}
        ${field({ label: "Time zone", name: "timeZone", value: o.values.timeZone ?? "Etc/UTC", errors, required: true, list: "time-zones", data: o.fresh ? "suggest-browser-zone" : undefined })}
      </div>
      <p class="hint">Times are in the time zone you choose (type a city, like Europe/Paris); everyone sees them with it.</p>
      <datalist id="time-zones">${knownTimeZones().map((z) => html`<option value="${z}"></option>`)}</datalist>
      ${o.repeat ?? ""}
      <fieldset class="field${errors.invitees ? " field-invalid" : ""}"${errors.invitees ? html` aria-describedby="invitees-error"` : ""}>
        <legend>Invitees</legend>
        ${
          others.length === 0
            ? html`<p class="muted">Nobody else has a role in this program yet.</p>`
            : html`<ul class="choice-list">${others.map(
                (
                  m,
                ) => html`<li><label><input type="checkbox" name="invitees" value="${m.userId}"${chosen.has(m.userId) ? html` checked` : ""}>
                  ${m.name || m.email} <span class="muted small">${m.email} · ${roleLabel(m.role)}</span>${hostTags(m.email)}</label></li>`,
              )}</ul>`
        }
        ${errors.invitees ? html`<p class="field-error" id="invitees-error">${errors.invitees}</p>` : ""}
      </fieldset>
      ${o.guests ?? ""}
      <fieldset class="field${errors.mode ? " field-invalid" : ""}"${errors.mode ? html` aria-describedby="mode-error"` : ""}>
        <legend>Meeting mode</legend>
        ${
          o.modes.length === 0
            ? html`<p class="muted">The program offers no meeting modes: ask its program admin.</p>`
            : html`<ul class="choice-list">${o.modes.map((m) => {
                const outlook = o.outlooks.get(m.key);
                const refusal = outlook?.refusal;
                return html`<li><label><input type="radio" name="mode" value="${m.key}"${o.values.mode === m.key && !refusal ? html` checked` : ""}${refusal ? html` disabled aria-describedby="mode-${m.key}-refusal"` : ""}>
                  ${m.label}${outlook?.summary ? html` <span class="muted small" data-hosting="${m.key}">${outlook.summary}</span>` : ""}</label>
                  ${refusal ? html`<p class="hint" id="mode-${m.key}-refusal" data-refusal="${m.key}">${refusal}</p>` : ""}</li>`;
              })}</ul>`
        }
        ${errors.mode ? html`<p class="field-error" id="mode-error">${errors.mode}</p>` : ""}
      </fieldset>
      ${o.fresh ? html`<script src="/assets/time-zone.js" defer></script>` : ""}
      <div class="button-row">
        <button type="submit" class="button button-primary">${o.submitLabel}</button>
        <a class="button button-quiet" href="${o.cancelHref}">Cancel</a>
      </div>
    </form>`;
}

/** Before a provider meeting is saved: who will host, co-host and join, said plainly (F9). */
export function hostingReview(o: {
  action: string;
  csrfToken: string;
  prepared: PreparedMeeting;
  providerName: string;
  fields: Record<string, string>;
  invitees: string[];
  confirmLabel: string;
  viewerTimeZone: string | null;
  /** A series: how it repeats, with its first and last dates. */
  series?: Html;
  /** A change made in the provider's own interface, which saving sends confab's fields over. */
  providerChange?: Html;
}): Html {
  const { prepared } = o;
  const hosting = prepared.hosting;
  if (!hosting) return html``;
  const person = (p: { name: string; email: string }) =>
    html`${p.name || p.email} <span class="muted small">${p.email}</span>`;
  const hidden = draftHiddenFields(o.fields, o.invitees);
  return html`<h1>Check who hosts in ${o.providerName}</h1>
    <section class="panel" aria-labelledby="review-heading">
      <h2 id="review-heading">${prepared.draft.title}</h2>
      <p>${viewerTime(prepared.draft.startAt, { viewer: o.viewerTimeZone, meeting: prepared.draft.timeZone })} ·
        ${durationLabel(minutesOf(prepared.draft))} ·
        ${prepared.mode.label}</p>
      ${o.series ?? ""}
      ${o.providerChange ?? ""}
      <p class="muted">The meeting is made in ${prepared.ownProfile ? `${prepared.ownProfile.yours ? "your" : "its creator's"} own ${o.providerName} account (${prepared.ownProfile.accountEmail})` : `the organization's ${o.providerName} account`}. Nobody has
        to sign in to ${o.providerName} for it: everyone invited sees the join link here.</p>
      <p data-hosting-reason>${hosting.reason}</p>
      <dl class="hosting-plan">
        <dt>Host</dt>
        <dd data-role="host">${person(hosting.host)}${hosting.hostedBy === "creator" ? " (you)" : ""} — starts the meeting${hosting.hostedBy === "host_account" ? html`; <span class="muted small">an alternative host starts it when nobody signs in as the host account</span>` : ""}.</dd>
        <dt>Alternative hosts</dt>
        <dd data-role="alternative_host">${
          hosting.alternativeHosts.length === 0
            ? html`<span class="muted">Nobody: ${prepared.ownProfile ? `in the host's own ${o.providerName} account, everyone invited joins as a participant` : `no other invitee is a licensed user of the organization's ${o.providerName} account`}.</span>`
            : html`<ul class="plain-list">${hosting.alternativeHosts.map((p) => html`<li>${person(p)}</li>`)}</ul>
              <span class="muted small">Licensed users of the same ${o.providerName} account: they can start and host the meeting in the host's place.</span>`
        }</dd>
        <dt>Participants</dt>
        <dd data-role="participant">${
          hosting.participants.length === 0
            ? html`<span class="muted">Nobody else.</span>`
            : html`<ul class="plain-list">${hosting.participants.map((p) => html`<li>${person(p)}${p.userId === prepared.creator.userId ? " (you)" : ""}</li>`)}</ul>
              <span class="muted small">They join with the link.</span>`
        }</dd>
        ${guestsReview(prepared.guests)}
      </dl>
      <form method="post" action="${o.action}" class="button-row">
        ${csrfInput(o.csrfToken)}
        ${hidden}
        <button type="submit" name="step" value="save" class="button button-primary">${o.confirmLabel}</button>
        <button type="submit" name="step" value="edit" class="button button-quiet">Change details</button>
      </form>
    </section>`;
}

/**
 * Before a meeting with a provider meeting moves to a mode without one: its link stops working,
 * said before anything is deleted, with the way back.
 */
export function switchAwayReview(o: {
  action: string;
  csrfToken: string;
  meeting: ProgramMeeting;
  newModeLabel: string;
  fields: Record<string, string>;
  invitees: string[];
}): Html {
  const provider = providerOf(o.meeting, "video");
  const hidden = draftHiddenFields(o.fields, o.invitees);
  return html`<h1>Switch ${o.meeting.title} to ${o.newModeLabel}?</h1>
    <section class="panel narrow" aria-labelledby="switch-heading">
      <h2 id="switch-heading" class="visually-hidden">What happens</h2>
      <p data-switch-away>The ${provider} meeting is deleted${o.meeting.conferencing.joinUrl ? html` and its link (<span class="small">${o.meeting.conferencing.joinUrl}</span>) stops working` : ""}.
        Everyone invited gets the changed invitation with ${o.newModeLabel} instead.</p>
      <p class="muted">To keep the ${provider} meeting, go back and leave the mode as it is.</p>
      <form method="post" action="${o.action}" class="button-row">
        ${csrfInput(o.csrfToken)}
        ${hidden}
        <button type="submit" name="step" value="save" class="button button-danger">Switch to ${o.newModeLabel}</button>
        <button type="submit" name="step" value="edit" class="button button-quiet">Keep ${provider}</button>
      </form>
    </section>`;
}

/** The meeting's video link as it stands; swapped in place by the page's script while pending. */
export function conferencingPanel(meeting: ProgramMeeting, o: { isHost: boolean; base: string }) {
  const c = meeting.conferencing;
  const provider = providerOf(meeting, "the provider");
  const pending = c.state === "pending";
  const link = c.joinUrl
    ? html`<p><a class="button button-primary" href="${c.joinUrl}" rel="noreferrer">Join ${provider} meeting</a></p>
      <p class="small">Join link: <a href="${c.joinUrl}" rel="noreferrer" data-join-url>${c.joinUrl}</a>${c.password ? html` · Passcode: <code>${c.password}</code>` : ""}</p>
      ${meetingPolicySummary(c.policy)}
      ${
        o.isHost
          ? html`<p><a class="button button-quiet" href="${o.base}/start">Start meeting as host</a>
            <span class="muted small">The start link is fetched fresh from ${provider} when you click, and shown only to you.</span></p>`
          : ""
      }`
    : html``;
  let body: Html;
  if (meeting.cancelled) body = html`<p>This meeting was cancelled.</p>`;
  else if (c.state === "none") {
    body = html`<p>Meeting mode: ${meeting.modeLabel}. There is no video link for this mode.</p>`;
  } else if (pending) {
    body = html`<p class="pending"><span class="spinner" aria-hidden="true"></span>Creating ${provider} meeting…</p>
      <noscript><p class="muted small">Reload the page in a moment to see the link.</p></noscript>`;
  } else if (c.state === "assigned") body = link;
  else if (c.state === "failing") {
    body = html`<div class="alert alert-error" role="alert">${c.reason ?? `${provider} has not made the meeting yet.`}</div>${link}`;
  } else {
    body = html`<div class="alert alert-error">${c.reason ?? `The ${provider} meeting was removed.`}</div>`;
  }
  const own = ownProfileProvider(meeting.modeKey) && meeting.organizer;
  return html`<div data-conferencing-state="${c.state}">${own ? html`<p class="muted small" data-own-profile>Hosted in ${own.name || own.email}'s own ${provider}.</p>` : ""}${body}</div>`;
}

/**
 * Ways to take the meeting elsewhere: into one's calendar (.ics), or as text to paste. A
 * cancelled meeting offers neither.
 */
export function calendarPanel(
  meeting: ProgramMeeting,
  o: { base: string; readerTimeZone: string | null; programName: string; organizationName: string },
): Html {
  if (meeting.cancelled) return html``;
  return html`<section class="panel" aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">Calendar</h2>
      <p><a class="button button-quiet" href="${o.base}/invitation.ics" download>Add to calendar</a>
        <span class="muted small">An .ics file for your calendar app. To have every meeting
          kept in step, subscribe to your <a href="/account#calendar-feed">calendar feed</a>.</span></p>
      ${copyField({ id: "invitation-text", label: "Copy invitation", value: invitationText(meeting, o), rows: 8, hint: "To paste into a chat or a mail of your own." })}
    </section>
    ${copyScript}`;
}

export function peopleList(meeting: ProgramMeeting, viewerId: string): Html {
  const provider = providerOf(meeting, "the provider");
  const host = meeting.people.find((p) => p.role === "host");
  const hostName = host ? host.name || host.email : meeting.hostAccount;
  const viewer = meeting.people.find((p) => p.userId === viewerId);
  const organizerId = meeting.organizer?.userId;
  // What the viewer's role asks of them, when it asks anything.
  const yourPart =
    viewer?.role === "alternative_host"
      ? html`<p class="alert alert-info" data-your-role="alternative_host">You are an alternative host: ${hostName} hosts it. To start the meeting when the host is not there, sign in to ${provider} as your own ${provider} user (${viewer.email}) and start it from your meetings there; you can join with the link like everyone else.</p>`
      : viewer?.role === "host" && organizerId !== viewer.userId
        ? html`<p class="alert alert-info" data-your-role="host">You host this meeting in ${provider}: ${meeting.organizer?.name || meeting.organizer?.email} made it and can change it, but only you can start it.</p>`
        : "";
  return html`${yourPart}<ul class="people-list">${
    meeting.hostAccount
      ? html`<li data-person="${meeting.hostAccount}"><span>The organization's ${provider} host account
        <span class="muted small">${meeting.hostAccount}</span></span>
        <span class="tag">${meetingRoleLabel.host}</span></li>`
      : ""
  }${meeting.people.map(
    (
      p,
    ) => html`<li data-person="${p.email}"><span>${p.name || p.email}${p.userId === viewerId ? " (you)" : ""}
      <span class="muted small">${p.email}${p.userId === organizerId && p.role !== "host" ? " · made the meeting" : ""}</span></span>
      <span class="tag">${meetingRoleLabel[p.role]}</span></li>`,
  )}${guestItems(meeting.guests)}</ul>`;
}

/** What a card's status tag says; a meeting that needs nothing said (no video, not yet on) has none. */
function statusLabel(status: MyMeetingStatus, provider: string): string | undefined {
  switch (status.kind) {
    case "cancelled":
      return "Cancelled";
    case "failed":
      return "Needs attention";
    case "making":
      return `Making the ${provider} meeting…`;
    case "in_progress":
      return "In progress";
    case "ended":
      return "Ended";
    case "ready":
      return "Link ready";
    case "scheduled":
      return undefined;
  }
}

/**
 * A meeting in a list: what, when in the viewer's zone and for how long, how, with whom, where
 * its video meeting stands, and the join link once the meeting is near.
 */
export function meetingCard(
  meeting: ProgramMeeting,
  o: {
    href: string;
    viewerId: string;
    viewerTimeZone: string | null;
    now: Date;
    /** Where it belongs, for a list that spans programs: "Leaders · Acme". */
    context?: string;
    /** Whether the viewer hosts it, and so is offered its start link beside the join link. */
    isHost?: boolean;
  },
): Html {
  const status = statusOf(meeting, o.now);
  const provider = providerOf(meeting, "video");
  const label = statusLabel(status, provider);
  const mine = meeting.people.find((p) => p.userId === o.viewerId);
  const joinUrl = isNear(meeting, o.now) ? meeting.conferencing.joinUrl : null;
  return html`<li class="card" data-meeting="${meeting.id}" data-status="${status.kind}">
    <h3 class="card-title"><a href="${o.href}">${meeting.title}</a></h3>
    ${o.context ? html`<p class="muted small" data-context>${o.context}</p>` : ""}
    <p data-when>${viewerTime(meeting.startAt, { viewer: o.viewerTimeZone, meeting: meeting.timeZone })}
      · ${durationLabel(minutesOf(meeting))}${meeting.modeLabel ? ` · ${meeting.modeLabel}` : ""}</p>
    <p class="muted">${withWhom(meeting, o.viewerId)}${mine ? html` · You: ${meetingRoleLabel[mine.role]}` : ""}${
      label ? html` · <span class="tag">${label}</span>` : ""
    }</p>
    ${status.kind === "failed" ? html`<p class="small" data-reason>${status.reason}</p>` : ""}
    ${
      joinUrl
        ? html`<p class="button-row"><a class="button button-primary" href="${joinUrl}" rel="noreferrer" data-card-join>Join ${provider} meeting</a>${
            o.isHost
              ? html` <a class="button button-quiet" href="${o.href}/start">Start as host</a>`
              : ""
          }</p>`
        : ""
    }
  </li>`;
}

/** Who else is on it, by name: "With Ada Obi and Bola Ade", or everyone for a viewer not on it. */
export function withWhom(meeting: ProgramMeeting, viewerId: string): string {
  const onIt = meeting.people.some((p) => p.userId === viewerId);
  const names = meeting.people.filter((p) => p.userId !== viewerId).map((p) => p.name || p.email);
  if (names.length === 0) return onIt ? "Only you" : "Nobody on it";
  const shown = names.length > 4 ? [...names.slice(0, 3), `${names.length - 3} others`] : names;
  const list =
    shown.length === 1
      ? (shown[0] as string)
      : `${shown.slice(0, -1).join(", ")} and ${shown.at(-1) as string}`;
  return onIt ? `With ${list}` : `Between ${list}`;
}

/** How long it lasts, in minutes. */
export function minutesOf(meeting: { startAt: Date; endAt: Date }): number {
  return Math.round((meeting.endAt.getTime() - meeting.startAt.getTime()) / 60_000);
}

export function durationLabel(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = hours === 0 ? "" : `${hours} hour${hours === 1 ? "" : "s"}`;
  const m = rest === 0 ? "" : `${rest} minutes`;
  return [h, m].filter(Boolean).join(" ");
}

/** The draft as typed, carried through a review step so that going on or back loses nothing. */
function draftHiddenFields(fields: Record<string, string>, invitees: string[]): Html {
  return html`${Object.entries(fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
    ${invitees.map((id) => html`<input type="hidden" name="invitees" value="${id}">`)}`;
}

/** The provider as the meeting's mode names it: "Zoom" for "Zoom video call". */
function providerOf(meeting: ProgramMeeting, fallback: string): string {
  return meeting.modeLabel.replace(/ video call$/, "") || fallback;
}
