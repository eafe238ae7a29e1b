import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { endSession, startSession } from "../../accounts/sessions.ts";
import { signIn } from "../../accounts/sign-in.ts";
import { signInAsDemoPerson } from "../../demo/demo-sign-in.ts";
import { demoSignInPanel } from "../../demo/demo-sign-in-panel.ts";
import { DomainError } from "../../domain-error.ts";
import { csrfInput, field, formAlert, notice, textOf } from "../forms.ts";
import { html } from "../html.ts";
import { localReturnPath } from "../local-return-path.ts";
import { clearSessionCookie, setSessionCookie } from "../sessions-cookie.ts";
import { csrfToken, sendPage, type WebContext } from "../web-context.ts";

/** What a redirect to sign-in may say happened: a fixed list, never text from the URL. */
const doneMessages: Record<string, string> = {
  password_reset:
    "Your password is changed and every session ended. Sign in with the new password.",
  unblocked: "Signing in is unblocked. Sign in with your password.",
};

interface SignInState {
  email?: string;
  next: string;
  error?: string;
  done?: string;
  status?: number;
  /** A form was sent after the session ended: its draft waits in the browser (form-draft.js). */
  signedOut?: boolean;
}

/**
 * The sign-in form. The page keeps the browser's form drafts (data-draft-kept): a person sent
 * here from a form, by a session that ended, finds what they typed when they get back to it.
 */
function signInForm(
  context: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: SignInState,
) {
  return sendPage(context, request, reply, {
    title: "Sign in",
    status: state.status,
    main: html`<section class="panel narrow" data-draft-kept${state.signedOut ? html` data-draft-return` : ""}>
        <h1>Sign in</h1>
        ${state.signedOut ? html`<div class="alert alert-error" role="alert" data-signed-out>You were signed out; sign in to go back to your form — what you typed is kept in this browser.</div>` : ""}
        ${notice(state.done)}
        ${formAlert(state.error)}
        <form method="post" action="/sign-in" novalidate>
          ${csrfInput(csrfToken(reply))}
          <input type="hidden" name="next" value="${state.next}">
          ${field({ label: "Email", name: "email", type: "email", value: state.email, autocomplete: "username", required: true })}
          ${field({ label: "Password", name: "password", type: "password", autocomplete: "current-password", required: true })}
          <button type="submit" class="button button-primary">Sign in</button>
        </form>
        <p class="small"><a href="/forgot-password">Forgot your password?</a></p>
        <p class="muted small">No account? Ask an organization admin for an invitation.</p>
      </section>
      ${context.demo ? html`<div${state.signedOut ? html` data-draft-return` : ""}>${demoSignInPanel({ csrfToken: csrfToken(reply), next: state.next, inbox: context.demo.mailbox !== undefined, microsoft: context.demo.microsoftSandboxUrl !== undefined })}</div>` : ""}`,
  });
}

/**
 * The answer to a form sent without a live session (signed out in another tab, expired): the
 * sign-in page, not an error that loses the form. Nothing of the form is kept here: the browser
 * keeps its draft, and after signing in it goes back to the page the form was sent from.
 */
export function sendSignedOutForm(
  context: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  return signInForm(context, request, reply, { next: "/", signedOut: true, status: 401 });
}

export function signInPages(app: FastifyInstance, context: WebContext) {
  const form = (request: FastifyRequest, reply: FastifyReply, state: SignInState) =>
    signInForm(context, request, reply, state);

  app.get("/sign-in", async (request, reply) => {
    const next = localReturnPath((request.query as { next?: unknown }).next);
    if (request.viewer) return reply.redirect(next, 303);
    const done = doneMessages[String((request.query as { done?: unknown }).done)];
    return form(request, reply, { next, done });
  });

  app.post("/sign-in", async (request, reply) => {
    const email = textOf(request.body, "email");
    const next = localReturnPath(textOf(request.body, "next"));
    try {
      const user = await signIn(
        context.db,
        {
          email,
          password: textOf(request.body, "password"),
          ip: request.ip,
        },
        { outbox: context.outbox, publicUrl: context.config.publicUrl },
      );
      // A new id on every sign-in: an id planted before it (session fixation) is worth nothing.
      if (request.sessionId) await endSession(context.db, request.sessionId);
      const sessionId = await startSession(context.db, user.id);
      setSessionCookie(reply, context.secure, sessionId);
      return reply.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = error.kind === "rate_limited" ? 429 : 401;
      return form(request, reply, { email, next, error: error.message, status });
    }
  });

  // Demo mode only: without the demo this route does not exist at all.
  if (context.demo) {
    app.post("/sign-in/demo", async (request, reply) => {
      const user = await signInAsDemoPerson(context.db, textOf(request.body, "email"));
      if (request.sessionId) await endSession(context.db, request.sessionId);
      const sessionId = await startSession(context.db, user.id);
      setSessionCookie(reply, context.secure, sessionId);
      return reply.redirect(localReturnPath(textOf(request.body, "next")), 303);
    });
  }

  app.post("/sign-out", async (request, reply) => {
    if (request.sessionId) await endSession(context.db, request.sessionId);
    clearSessionCookie(reply, context.secure);
    return reply.redirect("/", 303);
  });
}
