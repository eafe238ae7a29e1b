import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { minimumPasswordLength } from "../../accounts/passwords.ts";
import { endSession, startSession } from "../../accounts/sessions.ts";
import { DomainError } from "../../domain-error.ts";
import { acceptInvitation, findInvitation } from "../../orgs/invitations.ts";
import { csrfInput, type FieldErrors, field, formAlert, textOf } from "../forms.ts";
import { html } from "../html.ts";
import { setSessionCookie } from "../sessions-cookie.ts";
import { csrfToken, sendPage, type WebContext } from "../web-context.ts";

/** Where an invitation link lands: join with the account you have, or make one. */
export function invitationPages(app: FastifyInstance, context: WebContext) {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    state: { errors?: FieldErrors; error?: string; name?: string; status?: number } = {},
  ) => {
    const invitation = await findInvitation(context.db, token);
    const viewer = request.viewer;
    const here = `/invitation?token=${encodeURIComponent(token)}`;
    let body: ReturnType<typeof html>;
    if (viewer && viewer.email === invitation.email) {
      body = html`<form method="post" action="/invitation/accept">
          ${csrfInput(csrfToken(reply))}
          <input type="hidden" name="token" value="${token}">
          <button type="submit" class="button button-primary">Join ${invitation.organizationName}</button>
        </form>`;
    } else if (viewer) {
      body = html`<p>This invitation is for <strong>${invitation.email}</strong>, and you are signed in
        as <strong>${viewer.email}</strong>. Sign out, then open the link again.</p>`;
    } else if (invitation.accountExists) {
      body = html`<p>There is already an account for <strong>${invitation.email}</strong>.</p>
        <p><a class="button button-primary" href="/sign-in?next=${encodeURIComponent(here)}">Sign in to join</a></p>`;
    } else {
      body = html`${formAlert(state.error)}
        <form method="post" action="/invitation/create-account" novalidate>
          ${csrfInput(csrfToken(reply))}
          <input type="hidden" name="token" value="${token}">
          <p>Your account's email: <strong>${invitation.email}</strong></p>
          ${field({ label: "Your name", name: "name", value: state.name, autocomplete: "name", errors: state.errors })}
          ${field({ label: "Choose a password", name: "password", type: "password", autocomplete: "new-password", hint: `At least ${minimumPasswordLength} characters.`, errors: state.errors, required: true })}
          <button type="submit" class="button button-primary">Create account and join</button>
        </form>`;
    }
    return sendPage(context, request, reply, {
      title: `Join ${invitation.organizationName}`,
      status: state.status,
      main: html`<section class="panel narrow">
        <h1>Join ${invitation.organizationName}</h1>
        ${body}
      </section>`,
    });
  };

  app.get("/invitation", async (request, reply) => {
    const token = (request.query as { token?: unknown }).token;
    return page(request, reply, typeof token === "string" ? token : "");
  });

  app.post("/invitation/accept", async (request, reply) => {
    if (!request.viewer) throw new DomainError("unauthenticated", "Sign in to accept.");
    const { organizationSlug } = await acceptInvitation(context.db, {
      token: textOf(request.body, "token"),
      userId: request.viewer.id,
    });
    return reply.redirect(`/o/${organizationSlug}`, 303);
  });

  app.post("/invitation/create-account", async (request, reply) => {
    const token = textOf(request.body, "token");
    const name = textOf(request.body, "name");
    try {
      const joined = await acceptInvitation(context.db, {
        token,
        newAccount: { name, password: textOf(request.body, "password") },
      });
      if (request.sessionId) await endSession(context.db, request.sessionId);
      setSessionCookie(reply, context.secure, await startSession(context.db, joined.userId));
      return reply.redirect(`/o/${joined.organizationSlug}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== "invalid_input") throw error;
      return page(request, reply, token, {
        errors: error.fields,
        error: error.message,
        name,
        status: 400,
      });
    }
  });
}
