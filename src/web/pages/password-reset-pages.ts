import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { checkEmailToken } from "../../accounts/email-tokens.ts";
import {
  requestPasswordReset,
  resetMailsPerHour,
  resetPassword,
} from "../../accounts/password-reset.ts";
import { minimumPasswordLength } from "../../accounts/passwords.ts";
import { DomainError } from "../../domain-error.ts";
import { csrfInput, type FieldErrors, field, formAlert, notice, textOf } from "../forms.ts";
import { html } from "../html.ts";
import { clearSessionCookie } from "../sessions-cookie.ts";
import { csrfToken, sendPage, type WebContext } from "../web-context.ts";

/** Forgot password: ask for a link by mail, then choose a new password with it. */
export function passwordResetPages(app: FastifyInstance, context: WebContext) {
  const askPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: {
      email?: string;
      errors?: FieldErrors;
      error?: string;
      done?: string;
      status?: number;
    } = {},
  ) =>
    sendPage(context, request, reply, {
      title: "Forgot your password?",
      status: state.status,
      main: html`<section class="panel narrow">
        <h1>Forgot your password?</h1>
        ${notice(state.done)}
        ${formAlert(state.error)}
        ${
          context.outbox.on
            ? html`<p>Enter the email address of your account. We mail you a link to choose a new
                password; it works for 30 minutes.</p>
              <form method="post" action="/forgot-password" novalidate>
                ${csrfInput(csrfToken(reply))}
                ${field({ label: "Email", name: "email", type: "email", value: state.email, autocomplete: "username", errors: state.errors, required: true })}
                <button type="submit" class="button button-primary">Mail me a link</button>
              </form>`
            : html`<p>This confab instance sends no mail, so it cannot mail you a reset link. Ask its
                operator to set a new password for you.</p>`
        }
        <p class="muted small"><a href="/sign-in">Back to sign in</a></p>
      </section>`,
    });

  app.get("/forgot-password", async (request, reply) => askPage(request, reply));

  app.post("/forgot-password", async (request, reply) => {
    const email = textOf(request.body, "email");
    try {
      await requestPasswordReset(context.db, {
        email,
        outbox: context.outbox,
        publicUrl: context.config.publicUrl,
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== "invalid_input") throw error;
      return askPage(request, reply, {
        email,
        errors: error.fields,
        error: error.message,
        status: 400,
      });
    }
    // The same answer whether or not the address has an account.
    return askPage(request, reply, {
      done: `If an account uses ${email.trim()}, a link to reset its password is on its way. It can take a minute; look in your spam folder too. At most ${resetMailsPerHour} links are sent an hour.`,
    });
  });

  const choosePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    state: { errors?: FieldErrors; error?: string; status?: number } = {},
  ) => {
    const { email } = await checkEmailToken(context.db, "reset_password", token);
    return sendPage(context, request, reply, {
      title: "Choose a new password",
      status: state.status,
      main: html`<section class="panel narrow">
        <h1>Choose a new password</h1>
        ${formAlert(state.error)}
        <form method="post" action="/reset-password" novalidate>
          ${csrfInput(csrfToken(reply))}
          <input type="hidden" name="token" value="${token}">
          <input type="hidden" name="username" value="${email}" autocomplete="username">
          <p>For the account <strong>${email}</strong>. Every session of the account ends.</p>
          ${field({ label: "New password", name: "password", type: "password", autocomplete: "new-password", hint: `At least ${minimumPasswordLength} characters.`, errors: state.errors, required: true })}
          <button type="submit" class="button button-primary">Set password</button>
        </form>
      </section>`,
    });
  };

  app.get("/reset-password", async (request, reply) => {
    const token = (request.query as { token?: unknown }).token;
    return choosePage(request, reply, typeof token === "string" ? token : "");
  });

  app.post("/reset-password", async (request, reply) => {
    const token = textOf(request.body, "token");
    try {
      await resetPassword(context.db, { token, password: textOf(request.body, "password") });
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== "invalid_input") throw error;
      return choosePage(request, reply, token, {
        errors: error.fields,
        error: error.message,
        status: 400,
      });
    }
    clearSessionCookie(reply, context.secure);
    return reply.redirect("/sign-in?done=password_reset", 303);
  });
}
