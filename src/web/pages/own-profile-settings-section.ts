import { csrfInput } from "../forms.ts";
import { type Html, html } from "../html.ts";

/**
 * Program settings → Own Zoom: whether members may host the program's meetings with the Zoom
 * they connected under Your account. Such a meeting is made in the member's own account, which
 * the organization does not manage, so the choice is the program admin's, off until they make it.
 */
export function ownProfileSettingsSection(o: {
  action: string;
  csrfToken: string;
  programName: string;
  allowed: boolean;
}): Html {
  const choices = [
    {
      value: "true",
      label: "Allowed",
      explanation:
        "A member who connected their own Zoom (a paid account) under Your account → Conferencing services may pick it for a meeting: they host it there, and everyone invited joins with the link. The organization's Zoom install is not needed for it.",
    },
    {
      value: "false",
      label: "Not allowed",
      explanation: `Meetings in ${o.programName} use the organization's Zoom only. Meetings already made in a member's own Zoom keep it.`,
    },
  ];
  return html`<section class="panel" aria-labelledby="own-profiles-heading">
    <h2 id="own-profiles-heading">Members' own Zoom</h2>
    <p class="muted">Members may host Zoom meetings with their own connected Zoom: allowed or not
      allowed in ${o.programName}.</p>
    <form method="post" action="${o.action}" novalidate>
      ${csrfInput(o.csrfToken)}
      <fieldset class="field">
        <legend>Members may host Zoom meetings with their own connected Zoom</legend>
        <ul class="choice-list">${choices.map(
          (
            c,
          ) => html`<li><label><input type="radio" name="ownProfilesAllowed" value="${c.value}"${(c.value === "true") === o.allowed ? html` checked` : ""}>
            ${c.label} <span class="muted small">${c.explanation}</span></label></li>`,
        )}</ul>
      </fieldset>
      <button type="submit" class="button button-quiet">Save own Zoom setting</button>
    </form>
  </section>`;
}
