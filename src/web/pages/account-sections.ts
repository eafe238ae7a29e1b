import { feedUrls } from "../../calendar-feed/feed-secrets.ts";
import { knownTimeZones } from "../../conferencing/zoned-time.ts";
import { copyField } from "../copy-field.ts";
import { csrfInput, type FieldErrors, field, formAlert, postButton } from "../forms.ts";
import { type Html, html } from "../html.ts";

/** Your account → Calendar feed: the secret address of one's meetings, to subscribe to. */
export function calendarFeedSection(o: {
  token: string | undefined;
  publicUrl: string;
  csrfToken: string;
}): Html {
  const urls = o.token === undefined ? undefined : feedUrls(o.publicUrl, o.token);
  return html`<section class="panel" id="calendar-feed" aria-labelledby="feed-heading">
    <h2 id="feed-heading">Calendar feed</h2>
    <p>The program meetings you host or are invited to, as a calendar that Google Calendar,
      Outlook or Apple Calendar subscribe to: changes and cancellations follow by themselves.</p>
    ${
      urls === undefined
        ? postButton({
            action: "/account/calendar-feed",
            label: "Make my calendar feed",
            csrfToken: o.csrfToken,
            style: "primary",
          })
        : html`${copyField({
            id: "feed-url",
            label: "Feed address",
            value: urls.url,
            hint: "In Google Calendar: Other calendars → From URL. In Outlook: Add calendar → Subscribe from web.",
          })}
          ${copyField({ id: "feed-webcal", label: "The same, for calendar apps (webcal)", value: urls.webcal })}
          <p><a class="button button-quiet" href="${urls.webcal}">Subscribe in my calendar app</a></p>
          <p class="muted small">Anyone with this address can read your meetings and their join
            links, without signing in. If it got out, rotate it: the old address stops working.</p>
          <p><a class="button button-danger-quiet" href="/account/calendar-feed/rotate">Rotate the address</a></p>`
    }
  </section>`;
}

/** Your account → Change email: a new address, proven by a link mailed to it. */
export function changeEmailSection(o: {
  mailOn: boolean;
  csrfToken: string;
  value: string;
  errors: FieldErrors | undefined;
  error: string | undefined;
}): Html {
  return html`<section class="panel" aria-labelledby="email-heading">
    <h2 id="email-heading">Change email</h2>
    ${formAlert(o.error)}
    ${
      o.mailOn
        ? html`<form method="post" action="/account/email" novalidate>
            ${csrfInput(o.csrfToken)}
            ${field({ label: "New email address", name: "new_email", type: "email", autocomplete: "email", value: o.value, errors: o.errors, required: true, hint: "A link goes to it; your address changes when you follow that link." })}
            ${field({ label: "Current password", name: "current_password", id: "field-email-current_password", type: "password", autocomplete: "current-password", errors: o.errors, required: true })}
            <button type="submit" class="button button-primary">Change email</button>
          </form>`
        : html`<p class="muted">This confab instance sends no mail, so a new address could not be
            confirmed: ask its operator to change it.</p>`
    }
  </section>`;
}

/**
 * Until a person chose a time zone, pages say which zone their times are in (each meeting's
 * own) and offer to set one here: the browser's zone is filled in by script, never saved
 * without the person's click, and typed by hand without script.
 */
export function timeZoneNote(o: { csrfToken: string; returnTo: string }): Html {
  return html`<section class="panel" aria-labelledby="time-zone-heading" data-time-zone-note>
    <h2 id="time-zone-heading">Times are in each meeting's own zone</h2>
    <p>You have not chosen a time zone, so every time below is in the zone its meeting was
      planned in, named beside it. Choose yours to see them all on your own clock.</p>
    <form method="post" action="/account/time-zone" class="form-row" novalidate>
      ${csrfInput(o.csrfToken)}
      <input type="hidden" name="next" value="${o.returnTo}">
      ${field({ label: "Your time zone", name: "timeZone", id: "field-note-timeZone", list: "note-time-zones", hint: "Type a city, like Africa/Lagos.", data: "suggest-browser-zone" })}
      <datalist id="note-time-zones">${knownTimeZones().map((z) => html`<option value="${z}"></option>`)}</datalist>
      <button type="submit" class="button button-primary">Use this time zone</button>
    </form>
    <script src="/assets/time-zone.js" defer></script>
  </section>`;
}
