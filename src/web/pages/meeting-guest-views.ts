import { maximumGuests } from "../../program-meetings/meeting-guests.ts";
import type { FieldErrors } from "../forms.ts";
import { field } from "../forms.ts";
import { type Html, html } from "../html.ts";

/**
 * The meeting form's guests box: shown when the program allows guests, and also when the
 * meeting has guests the program no longer allows, so that they can be seen and removed.
 */
export function guestsField(o: {
  value: string | undefined;
  allowed: boolean;
  errors: FieldErrors;
}): Html {
  const value = o.value ?? "";
  if (!o.allowed && value.trim() === "") return html``;
  return field({
    label: "Guests (email addresses outside the program)",
    name: "guests",
    value,
    errors: o.errors,
    rows: 3,
    hint: o.allowed
      ? `One address a line, up to ${maximumGuests}, like “Ada Obi <ada@example.com>”. Guests are mailed the invitation with the join link and join as participants; they get no confab account.`
      : "The program no longer allows guests from outside it: remove them to save the meeting.",
  });
}

/** Guests as the review before saving lists them: they join with the link, never host. */
export function guestsReview(guests: { email: string; name: string }[]): Html {
  if (guests.length === 0) return html``;
  return html`<dt>Guests</dt>
    <dd data-role="guest"><ul class="plain-list">${guests.map(
      (g) =>
        html`<li>${g.name || g.email} <span class="muted small">${g.email}</span> <span class="tag">Guest</span></li>`,
    )}</ul>
      <span class="muted small">From outside the program: mailed the invitation with the join link, they join as participants.</span></dd>`;
}

/** Guests in a meeting's list of people, each tagged as one. */
export function guestItems(guests: { email: string; name: string }[]): Html {
  return html`${guests.map(
    (g) => html`<li data-person="${g.email}" data-guest><span>${g.name || g.email}
      <span class="muted small">${g.email} · from outside the program</span></span>
      <span class="tag">Guest</span></li>`,
  )}`;
}
