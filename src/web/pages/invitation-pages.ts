import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { minimumPasswordLength } from "../../accounts/passwords.ts";
import { endSession, startSession } from "../../accounts/sessions.ts";
import { DomainError } from "../../domain-error.ts";
import {
  acceptInvitation,
  declineInvitation,
  findInvitation,
  type InvitationView,
} from "../../orgs/answer-invitation.ts";
import { csrfInput, type FieldErrors, field, formAlert, textOf } from "../forms.ts";
import { html } from "../html.ts";
import { setSessionCookie } from "../sessions-cookie.ts";
import { csrfToken, sendPage, type WebContext } from "../web-context.ts";

/**
 * Where an invitation link lands: who invited, to what, and Accept or Decline. The page is the
 * same whether or not the address has an account, so a link tells nothing about who is here.
 */
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
    const csrf = csrfInput(csrfToken(reply));
    const tokenInput = html`<input type="hidden" name="token" value="${token}">`;
    const decline = html`<form method="post" action="/invitation/decline" class="inline-form">
        ${csrf}${tokenInput}
        <button type="submit" class="button">Decline</button>
      </form>`;
    let body: ReturnType<typeof html>;
    if (viewer && viewer.email === invitation.email) {
      body = html`<div class="button-row">
          <form method="post" action="/invitation/accept" class="inline-form">
            ${csrf}${tokenInput}
            <button type="submit" class="button button-primary">Accept and join ${invitation.organizationName}</button>
          </form>
          ${decline}
        </div>`;
    } else if (viewer) {
      body = html`<p>This invitation is for <strong>${invitation.email}</strong>, and you are signed in
        as <strong>${viewer.email}</strong>. Sign out, then open the link again.</p>`;
    } else {
      body = html`<h2>Have an account for ${invitation.email}?</h2>
        <p><a class="button button-primary" href="/sign-in?next=${encodeURIComponent(here)}">Sign in to accept</a></p>
        <h2>New to confab?</h2>
        ${formAlert(state.error)}
        <form method="post" action="/invitation/create-account" novalidate>
          ${csrf}${tokenInput}
          <p>Your account's email: <strong>${invitation.email}</strong></p>
          ${field({ label: "Your name", name: "name", value: state.name, autocomplete: "name", errors: state.errors })}
          ${field({ label: "Choose a password", name: "password", type: "password", autocomplete: "new-password", hint: `At least ${minimumPasswordLength} characters.`, errors: state.errors, required: true })}
          <button type="submit" class="button button-primary">Create account and join</button>
        </form>
        <h2>Not for you?</h2>
        ${decline}`;
    }
    return sendPage(context, request, reply, {
      title: `Join ${invitation.organizationName}`,
      status: state.status,
      main: html`<section class="panel narrow">
        <h1>Join ${invitation.organizationName}</h1>
        ${invitationSummary(invitation)}
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

  app.post("/invitation/decline", async (request, reply) => {
    const { organizationName } = await declineInvitation(context.db, textOf(request.body, "token"));
    return reply.redirect(`/invitation/refused?org=${encodeURIComponent(organizationName)}`, 303);
  });

  app.get("/invitation/refused", async (request, reply) => {
    const org = (request.query as { org?: unknown }).org;
    const name = typeof org === "string" ? org.slice(0, 100) : "the organization";
    return sendPage(context, request, reply, {
      title: "Invitation declined",
      main: html`<section class="panel narrow">
        <h1>Invitation declined</h1>
        <p>You declined the invitation to ${name}. Nothing was made for you, and the link no longer
          works. If you change your mind, ask for a new invitation.</p>
      </section>`,
    });
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
      if (
        !(error instanceof DomainError) ||
        (error.kind !== "invalid_input" && error.kind !== "conflict")
      ) {
        throw error;
      }
      return page(request, reply, token, {
        errors: error.fields,
        error: error.message,
        name,
        status: error.kind === "conflict" ? 409 : 400,
      });
    }
  });
}

function invitationSummary(invitation: InvitationView) {
  return html`<p>${invitation.inviter ?? "Someone"} invited <strong>${invitation.email}</strong> to
    join <strong>${invitation.organizationName}</strong> as ${invitation.roleInWords}.</p>`;
}
