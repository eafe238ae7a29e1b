import { csrfInput } from "../forms.ts";
import { type Html, html } from "../html.ts";

/**
 * Program settings → Guests: whether members may invite people from outside the program by
 * address. Guests are mailed the invitation with the join link and never get an account, so the
 * choice is the program admin's, and it is off until they make it.
 */
export function guestSettingsSection(o: {
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
        "Members may add guests by email address when they make a meeting. Guests are mailed the invitation with the join link, join as participants and never host.",
    },
    {
      value: "false",
      label: "Not allowed",
      explanation: `Only people with a role in ${o.programName} can be invited. Meetings that already have guests keep them until they are changed.`,
    },
  ];
  return html`<section class="panel" aria-labelledby="guests-heading">
    <h2 id="guests-heading">Guests</h2>
    <p class="muted">People outside ${o.programName}, invited by email address alone. confab makes
      no account for them and shows them nothing but the invitation.</p>
    <form method="post" action="${o.action}" novalidate>
      ${csrfInput(o.csrfToken)}
      <fieldset class="field">
        <legend>Guests from outside the program</legend>
        <ul class="choice-list">${choices.map(
          (
            c,
          ) => html`<li><label><input type="radio" name="guestsAllowed" value="${c.value}"${(c.value === "true") === o.allowed ? html` checked` : ""}>
            ${c.label} <span class="muted small">${c.explanation}</span></label></li>`,
        )}</ul>
      </fieldset>
      <button type="submit" class="button button-quiet">Save guest setting</button>
    </form>
  </section>`;
}
