import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requestEmailChange } from "../../accounts/change-email.ts";
import { changePassword } from "../../accounts/change-password.ts";
import { minimumPasswordLength } from "../../accounts/passwords.ts";
import { readPreferences, savePreferences, saveTimeZone } from "../../accounts/preferences.ts";
import { sendVerificationMail } from "../../accounts/verify-email.ts";
import { readCalendarFeed } from "../../calendar-feed/feed-secrets.ts";
import { knownTimeZones } from "../../conferencing/zoned-time.ts";
import { copyScript } from "../copy-field.ts";
import {
  csrfInput,
  type FieldErrors,
  field,
  formAlert,
  notice,
  postButton,
  refusedForm,
  textOf,
} from "../forms.ts";
import { html } from "../html.ts";
import { localReturnPath } from "../local-return-path.ts";
import { csrfToken, requireViewer, sendPage, type WebContext } from "../web-context.ts";
import { calendarFeedSection, changeEmailSection } from "./account-sections.ts";

/** Which form a re-rendered page answers: its errors are shown by that form only. */
type AccountForm = "preferences" | "password" | "email";

/** What the page says after a step that redirected here (`?done=`). */
const doneMessages: Record<string, string> = {
  "calendar-feed": "Your calendar feed is ready: add its address to your calendar app.",
  "calendar-feed-rotated":
    "Your calendar feed has a new address, and the old one stopped working: subscribe your calendars to the new one.",
};

/** Your account: who you are, your password and address, your calendar feed, your conferencing services. */
export function accountPages(app: FastifyInstance, context: WebContext) {
  const accountPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: {
      form?: AccountForm;
      errors?: FieldErrors;
      error?: string;
      done?: string;
      status?: number;
      values?: Record<string, string>;
    } = {},
  ) => {
    const viewer = requireViewer(request);
    const [preferences, feedToken] = await Promise.all([
      readPreferences(context.db, viewer.id),
      readCalendarFeed(context.db, context.vault, viewer.id),
    ]);
    const errorsOf = (form: AccountForm) => (state.form === form ? state.errors : undefined);
    const errorOf = (form: AccountForm) => (state.form === form ? state.error : undefined);
    return sendPage(context, request, reply, {
      title: "Your account",
      status: state.status,
      main: html`<h1>Your account</h1>
        ${notice(state.done)}
        <section class="panel" aria-labelledby="profile-heading">
          <h2 id="profile-heading">Profile</h2>
          <dl class="facts">
            <dt>Email</dt><dd>${viewer.email}
              ${viewer.emailVerified ? html`<span class="badge badge-on">confirmed</span>` : html`<span class="badge badge-off">not confirmed</span>`}</dd>
            <dt>Name</dt><dd>${viewer.name || html`<span class="muted">not given</span>`}</dd>
            ${viewer.isOperator ? html`<dt>Role</dt><dd>Operator of this confab instance</dd>` : ""}
          </dl>
          ${viewer.emailVerified ? "" : verifyPrompt(csrfToken(reply))}
        </section>
        <section class="panel" aria-labelledby="conferencing-heading">
          <h2 id="conferencing-heading">Conferencing services</h2>
          <p>Connect your own video-conferencing account (Zoom, or Microsoft Teams where this confab offers it) so meetings you organize are created in it.</p>
          <p><a class="button button-quiet" href="/account/conferencing">Conferencing services</a></p>
        </section>
        <section class="panel" aria-labelledby="preferences-heading">
          <h2 id="preferences-heading">Time zone and meeting mails</h2>
          ${formAlert(errorOf("preferences"))}
          <form method="post" action="/account/preferences" novalidate>
            ${csrfInput(csrfToken(reply))}
            ${field({
              label: "Your time zone",
              name: "timeZone",
              value:
                state.form === "preferences" && state.values?.timeZone !== undefined
                  ? state.values.timeZone
                  : (preferences.timeZone ?? ""),
              list: "time-zones",
              errors: errorsOf("preferences"),
              hint:
                preferences.timeZone === null
                  ? "Not chosen yet: pages and mails give each meeting's time in its own zone. Type a city, like Africa/Lagos; your browser may have filled in its own."
                  : "Pages and meeting mails give times in it, with the meeting's own zone beside. Type a city, like Africa/Lagos.",
              data: preferences.timeZone === null ? "suggest-browser-zone" : undefined,
            })}
            <datalist id="time-zones">${knownTimeZones().map((z) => html`<option value="${z}"></option>`)}</datalist>
            <div class="field field-check">
              <label><input type="checkbox" name="meetingMail" value="on"${preferences.meetingMail ? html` checked` : ""}>
                Mail me invitations, changes and cancellations of my meetings</label>
              <p class="hint">Mails about your account's security are always sent.</p>
            </div>
            <button type="submit" class="button button-primary">Save</button>
          </form>
          ${preferences.timeZone === null ? html`<script src="/assets/time-zone.js" defer></script>` : ""}
        </section>
        ${calendarFeedSection({ token: feedToken, publicUrl: context.config.publicUrl, csrfToken: csrfToken(reply) })}
        ${changeEmailSection({
          mailOn: context.outbox.on,
          csrfToken: csrfToken(reply),
          value: state.form === "email" ? (state.values?.new_email ?? "") : "",
          errors: errorsOf("email"),
          error: errorOf("email"),
        })}
        <section class="panel" aria-labelledby="password-heading">
          <h2 id="password-heading">Change password</h2>
          ${formAlert(errorOf("password"))}
          <form method="post" action="/account/password" novalidate>
            ${csrfInput(csrfToken(reply))}
            ${field({ label: "Current password", name: "current_password", type: "password", autocomplete: "current-password", errors: errorsOf("password"), required: true })}
            ${field({ label: "New password", name: "new_password", type: "password", autocomplete: "new-password", hint: `At least ${minimumPasswordLength} characters. Changing it signs you out everywhere else.`, errors: errorsOf("password"), required: true })}
            <button type="submit" class="button button-primary">Change password</button>
          </form>
        </section>
        ${copyScript}`,
    });
  };

  const verifyPrompt = (csrf: string) =>
    context.outbox.on
      ? html`<p>Until you confirm your address, you cannot host meetings in an organization's Zoom
          or become an admin of another organization.</p>
        ${postButton({ action: "/account/verify-email", label: "Mail me a confirmation link", csrfToken: csrf })}`
      : html`<p class="muted">Your address is not confirmed, and this instance sends no mail to
          confirm it: ask its operator.</p>`;

  app.get("/account", async (request, reply) => {
    const { done } = request.query as { done?: unknown };
    return accountPage(request, reply, {
      done: typeof done === "string" ? doneMessages[done] : undefined,
    });
  });

  app.post("/account/preferences", async (request, reply) => {
    const viewer = requireViewer(request);
    const timeZone = textOf(request.body, "timeZone");
    try {
      await savePreferences(context.db, viewer.id, {
        timeZone,
        meetingMail: textOf(request.body, "meetingMail") === "on",
      });
    } catch (error) {
      return accountPage(request, reply, {
        form: "preferences",
        ...refusedForm(error, { timeZone }, { withoutFields: true }),
      });
    }
    return accountPage(request, reply, { done: "Your preferences are saved." });
  });

  // The time zone alone, from the note pages show until one is chosen; back to that page.
  app.post("/account/time-zone", async (request, reply) => {
    const viewer = requireViewer(request);
    const timeZone = textOf(request.body, "timeZone");
    try {
      await saveTimeZone(context.db, viewer.id, timeZone);
    } catch (error) {
      return accountPage(request, reply, {
        form: "preferences",
        ...refusedForm(error, { timeZone }, { withoutFields: true }),
      });
    }
    return reply.redirect(localReturnPath(textOf(request.body, "next")), 303);
  });

  app.post("/account/verify-email", async (request, reply) => {
    const viewer = requireViewer(request);
    const { mailed } = await sendVerificationMail(context.db, {
      userId: viewer.id,
      outbox: context.outbox,
      publicUrl: context.config.publicUrl,
    });
    return accountPage(request, reply, {
      done: mailed
        ? `A confirmation link is on its way to ${viewer.email}. It works for 3 days.`
        : "Nothing was sent: your address is confirmed already, or this instance sends no mail.",
    });
  });

  app.post("/account/password", async (request, reply) => {
    const viewer = requireViewer(request);
    try {
      await changePassword(context.db, {
        userId: viewer.id,
        currentPassword: textOf(request.body, "current_password"),
        newPassword: textOf(request.body, "new_password"),
        sessionId: request.sessionId ?? "",
        ip: request.ip,
      });
    } catch (error) {
      return accountPage(request, reply, {
        form: "password",
        ...refusedForm(error, undefined, { withoutFields: true }),
      });
    }
    return accountPage(request, reply, { done: "Your password is changed." });
  });

  app.post("/account/email", async (request, reply) => {
    const viewer = requireViewer(request);
    const newEmail = textOf(request.body, "new_email");
    let email: string;
    try {
      ({ email } = await requestEmailChange(
        context.db,
        {
          userId: viewer.id,
          newEmail,
          currentPassword: textOf(request.body, "current_password"),
          ip: request.ip,
        },
        { outbox: context.outbox, publicUrl: context.config.publicUrl },
      ));
    } catch (error) {
      return accountPage(request, reply, {
        form: "email",
        ...refusedForm(error, { new_email: newEmail }, { withoutFields: true }),
      });
    }
    // The same words whether or not the address has an account already (see change-email.ts).
    return accountPage(request, reply, {
      done: `A confirmation link is on its way to ${email}. It works for 24 hours; your address stays ${viewer.email} until you follow it.`,
    });
  });
}
