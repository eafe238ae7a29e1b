import { DomainError } from "../domain-error.ts";
import { httpStatusOf } from "../http/error-handler.ts";
import { type Html, html } from "./html.ts";

/** Per-field messages from a DomainError, shown next to their fields. */
export type FieldErrors = Record<string, string>;

/** What a form page is re-rendered with after a submission: what was typed, and what was wrong. */
export interface FormState {
  values?: Record<string, string>;
  errors?: FieldErrors;
  error?: string;
  status?: number;
}

/**
 * What a form page is shown again with when what was sent is refused: the messages beside their
 * fields, the refusal above the form, what was typed, and the status of the refusal's kind. Only
 * a refusal with field messages is the form's to show, unless `withoutFields` lets the form show
 * one without (a wrong current password); anything else is thrown on, to the error page.
 */
export function refusedForm(
  error: unknown,
  values?: Record<string, string>,
  o: { withoutFields?: boolean } = {},
): FormState {
  if (!(error instanceof DomainError) || !(error.fields || o.withoutFields)) throw error;
  // Who may see or do it is not the form's to say: those go to the error page.
  if (["unauthenticated", "forbidden", "not_found"].includes(error.kind)) throw error;
  return {
    ...(values ? { values } : {}),
    errors: error.fields,
    error: error.message,
    status: httpStatusOf(error.kind),
  };
}

export interface FieldOptions {
  label: string;
  name: string;
  type?: "text" | "email" | "password" | "url" | "date" | "time";
  /** The id of a <datalist> of suggestions. */
  list?: string;
  /** A bare `data-…` attribute for the page's script to find the field by. */
  data?: string | undefined;
  value?: string;
  errors?: FieldErrors;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  /** A multi-line text area with this many rows. */
  rows?: number;
  id?: string;
}

/** A labelled input with its hint and error tied to it for assistive technology. */
export function field(o: FieldOptions): Html {
  const id = o.id ?? `field-${o.name}`;
  const error = o.errors?.[o.name];
  const described = [o.hint ? `${id}-hint` : "", error ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  const common = html`id="${id}" name="${o.name}"${o.required ? html` required` : ""}${
    described ? html` aria-describedby="${described}"` : ""
  }${error ? html` aria-invalid="true"` : ""}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ""}${o.list ? html` list="${o.list}"` : ""}${o.data ? html` data-${o.data}` : ""}`;
  const control =
    o.rows !== undefined
      ? html`<textarea ${common} rows="${o.rows}">${o.value ?? ""}</textarea>`
      : html`<input ${common} type="${o.type ?? "text"}" value="${o.type === "password" ? "" : (o.value ?? "")}">`;
  return html`<div class="field${error ? " field-invalid" : ""}">
    <label for="${id}">${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ""}
    ${control}
    ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ""}
  </div>`;
}

export function selectField(o: {
  label: string;
  name: string;
  options: { value: string; label: string }[];
  value?: string;
  errors?: FieldErrors;
  id?: string;
}): Html {
  const id = o.id ?? `field-${o.name}`;
  const error = o.errors?.[o.name];
  return html`<div class="field${error ? " field-invalid" : ""}">
    <label for="${id}">${o.label}</label>
    <select id="${id}" name="${o.name}"${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ""}>
      ${o.options.map(
        (opt) =>
          html`<option value="${opt.value}"${opt.value === o.value ? html` selected` : ""}>${opt.label}</option>`,
      )}
    </select>
    ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ""}
  </div>`;
}

export function csrfInput(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** A summary of what went wrong at the top of a form, announced to screen readers. */
export function formAlert(message: string | undefined): Html {
  return message ? html`<div class="alert alert-error" role="alert">${message}</div>` : html``;
}

export function notice(message: string | undefined): Html {
  return message ? html`<div class="alert alert-ok" role="status">${message}</div>` : html``;
}

/** A one-button form, e.g. a toggle or a link to a confirmation page. */
export function postButton(o: {
  action: string;
  label: string;
  csrfToken: string;
  fields?: Record<string, string>;
  style?: "primary" | "quiet" | "danger";
  accessibleLabel?: string;
}): Html {
  return html`<form method="post" action="${o.action}" class="inline-form">
    ${csrfInput(o.csrfToken)}
    ${Object.entries(o.fields ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
    <button type="submit" class="button button-${o.style ?? "quiet"}"${
      o.accessibleLabel ? html` aria-label="${o.accessibleLabel}"` : ""
    }>${o.label}</button>
  </form>`;
}

/** Reads a field that may be repeated (checkboxes): its text values, anything else left out. */
export function textsOf(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Reads one text field from a form body; anything else (absent, repeated) reads as "". */
export function textOf(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : "";
}
