import { csrfInput } from "./forms.ts";
import { type Html, html } from "./html.ts";

/** The step before anything destructive: says what will happen, and asks once more. */
export function confirmation(o: {
  heading: string;
  consequences: Html;
  action: string;
  confirmLabel: string;
  cancelHref: string;
  /** What going back keeps, e.g. "Keep meeting": never a second "Cancel" beside "Cancel meeting". */
  backLabel?: string;
  /** Sent with the confirmation, e.g. the `enabled=false` of the switch it confirms. */
  fields?: Record<string, string>;
  csrfToken: string;
}): Html {
  return html`<section class="panel narrow confirm">
    <h1>${o.heading}</h1>
    ${o.consequences}
    <form method="post" action="${o.action}" class="button-row">
      ${csrfInput(o.csrfToken)}
      ${Object.entries(o.fields ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
      <button type="submit" class="button button-danger">${o.confirmLabel}</button>
      <a class="button button-quiet" href="${o.cancelHref}">${o.backLabel ?? "Cancel"}</a>
    </form>
  </section>`;
}
