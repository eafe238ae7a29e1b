import { csrfInput } from "../forms.ts";
import { type Html, html } from "../html.ts";

/** How a section of Program settings words one on/off switch (program-switch.ts). */
export interface SwitchWords {
  /** The section's id, for its heading. */
  id: string;
  heading: string;
  intro: Html;
  legend: string;
  /** What each choice means, for "true" then "false". */
  allowed: string;
  notAllowed: string;
  submitLabel: string;
}

/** A Program settings section with the switch's two choices, the one in force checked. */
export function programSwitchSection(
  words: SwitchWords,
  o: { action: string; csrfToken: string; field: string; allowed: boolean },
): Html {
  const choices = [
    { value: "true", label: "Allowed", explanation: words.allowed },
    { value: "false", label: "Not allowed", explanation: words.notAllowed },
  ];
  return html`<section class="panel" aria-labelledby="${words.id}-heading">
    <h2 id="${words.id}-heading">${words.heading}</h2>
    <p class="muted">${words.intro}</p>
    <form method="post" action="${o.action}" novalidate>
      ${csrfInput(o.csrfToken)}
      <fieldset class="field">
        <legend>${words.legend}</legend>
        <ul class="choice-list">${choices.map(
          (
            c,
          ) => html`<li><label><input type="radio" name="${o.field}" value="${c.value}"${(c.value === "true") === o.allowed ? html` checked` : ""}>
            ${c.label} <span class="muted small">${c.explanation}</span></label></li>`,
        )}</ul>
      </fieldset>
      <button type="submit" class="button button-quiet">${words.submitLabel}</button>
    </form>
  </section>`;
}
