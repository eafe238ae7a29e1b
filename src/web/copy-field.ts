import { type Html, html } from "./html.ts";

/**
 * Text meant to be copied elsewhere (a feed's address, an invitation): a read-only field with
 * its label. /assets/copy-text.js adds a Copy button beside it; without JavaScript the text is
 * there to select. Pages that use it load that script.
 */
export function copyField(o: {
  id: string;
  label: string;
  value: string;
  hint?: string;
  /** A multi-line text area with this many rows, instead of a one-line field. */
  rows?: number;
}): Html {
  const described = o.hint ? html` aria-describedby="${o.id}-hint"` : "";
  return html`<div class="field copy-field">
    <label for="${o.id}">${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : ""}
    ${
      o.rows === undefined
        ? html`<input type="text" id="${o.id}" value="${o.value}" readonly spellcheck="false" data-copy-source${described}>`
        : html`<textarea id="${o.id}" rows="${o.rows}" readonly spellcheck="false" data-copy-source${described}>${o.value}</textarea>`
    }
  </div>`;
}

export const copyScript = html`<script src="/assets/copy-text.js" defer></script>`;
