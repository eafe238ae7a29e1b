import {
  describeMeetingPolicy,
  type MeetingPolicy,
  type MeetingPolicyInput,
  type PolicySetting,
  suggestedMeetingPolicy,
} from "../../program-meetings/meeting-policy.ts";
import type { MeetingPolicyShown } from "../../program-meetings/policy-for-meeting.ts";
import { passcodeMaximum, passcodeMinimum } from "../../program-meetings/policy-passcode.ts";
import { csrfInput, type FieldErrors, textOf, textsOf } from "../forms.ts";
import { type Html, html } from "../html.ts";

/** The on/off settings, by their form field, with what each does in words. */
const switches: {
  setting: PolicySetting;
  name: "waitingRoom" | "joinBeforeHost" | "muteUponEntry" | "authenticatedOnly";
  label: string;
  explanation: string;
}[] = [
  {
    setting: "waiting_room",
    name: "waitingRoom",
    label: "Waiting room",
    explanation: "People wait until the host lets them in.",
  },
  {
    setting: "join_before_host",
    name: "joinBeforeHost",
    label: "Join before host",
    explanation:
      "People may start talking before the host arrives. Zoom allows it only without a waiting room.",
  },
  {
    setting: "mute_upon_entry",
    name: "muteUponEntry",
    label: "Mute on entry",
    explanation: "Everyone's microphone is off when they join.",
  },
  {
    setting: "authenticated_only",
    name: "authenticatedOnly",
    label: "Only signed-in Zoom users",
    explanation: "Guests without a Zoom account cannot join.",
  },
];

/** The form's fields read back: a checkbox absent from the body is off. */
export function meetingPolicyForm(body: unknown): MeetingPolicyInput {
  const on = (name: string) => textOf(body, name) === "on";
  return {
    waitingRoom: on("waitingRoom"),
    passcodeRequired: on("passcodeRequired"),
    passcodeLength: textOf(body, "passcodeLength"),
    joinBeforeHost: on("joinBeforeHost"),
    muteUponEntry: on("muteUponEntry"),
    authenticatedOnly: on("authenticatedOnly"),
    locked: textsOf(body, "locked"),
  };
}

/**
 * Program settings → Meeting policy. Org admins see a lock beside each setting; program admins
 * see a locked setting as it is, disabled, and send it back unchanged.
 */
export function meetingPolicySection(o: {
  action: string;
  csrfToken: string;
  programName: string;
  /** The provider modes it applies to ("Zoom video call"); none: the section is not shown. */
  modeLabels: string[];
  policy: MeetingPolicy | undefined;
  canLock: boolean;
  /** What was typed, when the form comes back with problems. */
  typed?: MeetingPolicyInput;
  errors?: FieldErrors;
}): Html {
  if (o.modeLabels.length === 0) return html``;
  const saved = o.policy ?? suggestedMeetingPolicy;
  const locked = new Set(o.policy?.locked ?? []);
  const shown = o.typed ?? { ...saved, passcodeLength: String(saved.passcodeLength) };
  const errors = o.errors ?? {};
  const isLocked = (setting: PolicySetting) => locked.has(setting) && !o.canLock;
  const lockControl = (setting: PolicySetting, label: string) => {
    if (o.canLock) {
      const checked = o.typed ? (o.typed.locked ?? []).includes(setting) : locked.has(setting);
      return html` <label class="small lock-toggle"><input type="checkbox" name="locked" value="${setting}"${checked ? html` checked` : ""}> Lock for program admins<span class="visually-hidden"> (${label})</span></label>`;
    }
    return isLocked(setting)
      ? html` <span class="tag" data-locked="${setting}">Locked by an organization admin</span>`
      : "";
  };
  // A disabled box is not sent: a hidden field sends the locked value back as it is.
  const checkbox = (name: string, value: boolean, setting: PolicySetting, described: string) =>
    isLocked(setting)
      ? html`<input type="checkbox" name="${name}" value="on"${value ? html` checked` : ""} disabled aria-describedby="${described}">${value ? html`<input type="hidden" name="${name}" value="on">` : ""}`
      : html`<input type="checkbox" name="${name}" value="on"${value ? html` checked` : ""} aria-describedby="${described}">`;
  const lengthLocked = isLocked("passcode");
  const lengthError = errors.passcodeLength;
  return html`<section class="panel" aria-labelledby="policy-heading" id="meeting-policy">
      <h2 id="policy-heading">Meeting policy</h2>
      <p class="muted">How ${o.modeLabels.join(" and ")} meetings of ${o.programName} are set up in the
        organization's account. Saving applies it to new meetings and to every meeting that has not
        started yet; only the meetings that differ are changed.</p>
      ${
        o.policy
          ? html`<p data-policy-summary>Now: ${describeMeetingPolicy(o.policy)}.</p>`
          : html`<p class="muted" data-policy-summary>No policy is saved yet: meetings get the account's own settings.</p>`
      }
      <form method="post" action="${o.action}" novalidate>
        ${csrfInput(o.csrfToken)}
        <ul class="choice-list">
          ${switches.map(
            (
              s,
            ) => html`<li${errors[s.name] ? html` class="field-invalid"` : ""}><label>${checkbox(s.name, shown[s.name], s.setting, `policy-${s.name}-hint`)}
              ${s.label}</label> <span class="muted small" id="policy-${s.name}-hint">${s.explanation}</span>${lockControl(s.setting, s.label)}
              ${errors[s.name] ? html`<p class="field-error">${errors[s.name]}</p>` : ""}</li>`,
          )}
          <li${lengthError ? html` class="field-invalid"` : ""}><label>${checkbox("passcodeRequired", shown.passcodeRequired, "passcode", "policy-passcode-hint")}
            Passcode required</label> <span class="muted small" id="policy-passcode-hint">confab makes one
            of this many characters (letters and digits); a meeting keeps its passcode while it is long
            enough, so links already sent keep working. Without it, the account's own passcode setting applies.</span>${lockControl("passcode", "Passcode")}
            <div class="field">
              <label for="field-passcodeLength">Passcode length</label>
              <p class="hint" id="field-passcodeLength-hint">${passcodeMinimum} to ${passcodeMaximum} characters: Zoom takes at most ${passcodeMaximum}.</p>
              <input id="field-passcodeLength" name="passcodeLength" type="number" inputmode="numeric" min="${passcodeMinimum}" max="${passcodeMaximum}" value="${shown.passcodeLength}" aria-describedby="field-passcodeLength-hint${lengthError ? " field-passcodeLength-error" : ""}"${lengthError ? html` aria-invalid="true"` : ""}${lengthLocked ? html` disabled` : ""}>
              ${lengthLocked ? html`<input type="hidden" name="passcodeLength" value="${shown.passcodeLength}">` : ""}
              ${lengthError ? html`<p class="field-error" id="field-passcodeLength-error">${lengthError}</p>` : ""}
            </div></li>
        </ul>
        <p>Recording: off. <span class="muted small">confab never records meetings, whatever the account's default.</span></p>
        <button type="submit" class="button button-quiet">Save meeting policy</button>
      </form>
    </section>`;
}

/**
 * The settings a meeting was made with, for its page: "Waiting room on · passcode required ·
 * join before host off · …". Nothing for a meeting no policy applies to.
 */
export function meetingPolicySummary(policy: MeetingPolicyShown | undefined): Html {
  if (!policy) return html``;
  const words = [
    `Waiting room ${policy.waitingRoom ? "on" : "off"}`,
    policy.passcodeRequired ? "passcode required" : "passcode as the account sets it",
    `join before host ${policy.joinBeforeHost ? "on" : "off"}`,
    `mute on entry ${policy.muteUponEntry ? "on" : "off"}`,
    policy.authenticatedOnly ? "only signed-in users" : "guests welcome",
    "recording off",
  ];
  return html`<p class="small muted" data-meeting-policy>${words.join(" · ")}</p>`;
}
