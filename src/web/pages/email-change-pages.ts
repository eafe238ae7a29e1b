import type { FastifyInstance } from "fastify";
import { confirmEmailChange } from "../../accounts/change-email.ts";
import { checkEmailToken } from "../../accounts/email-tokens.ts";
import { csrfInput, textOf } from "../forms.ts";
import { html } from "../html.ts";
import { csrfToken, sendPage, type WebContext } from "../web-context.ts";

/**
 * The link mailed to a new address. As with the other mailed links that act, opening it only
 * shows a button, and the POST behind it moves the account: a mail scanner or a link preview
 * that fetches it changes nothing.
 */
export function emailChangePages(app: FastifyInstance, context: WebContext) {
  app.get("/change-email", async (request, reply) => {
    const token = (request.query as { token?: unknown }).token;
    const given = typeof token === "string" ? token : "";
    const { email } = await checkEmailToken(context.db, "change_email", given);
    return sendPage(context, request, reply, {
      title: "Confirm your new address",
      main: html`<section class="panel narrow">
        <h1>Confirm your new address</h1>
        <p>Make ${email} the address of your confab account. You then sign in with it, and
          every other session of the account is signed out.</p>
        <form method="post" action="/change-email">
          ${csrfInput(csrfToken(reply))}
          <input type="hidden" name="token" value="${given}">
          <button type="submit" class="button button-primary">Use this address</button>
        </form>
      </section>`,
    });
  });

  app.post("/change-email", async (request, reply) => {
    const viewer = request.viewer;
    const changed = await confirmEmailChange(
      context.db,
      {
        token: textOf(request.body, "token"),
        viewer:
          viewer && request.sessionId
            ? { userId: viewer.id, sessionId: request.sessionId }
            : undefined,
      },
      { outbox: context.outbox, publicUrl: context.config.publicUrl },
    );
    const stillSignedIn = viewer?.id === changed.userId;
    // The top bar shows the address the account has now, not the one it had at the request.
    if (stillSignedIn && viewer) {
      request.viewer = { ...viewer, email: changed.email, emailVerified: true };
    }
    return sendPage(context, request, reply, {
      title: "Address changed",
      main: html`<section class="panel narrow">
        <h1>Address changed</h1>
        <p>Your confab account's address is now ${changed.email}, confirmed. Sign in with it from
          now on; every other session was signed out, and ${changed.oldEmail} is told of the change.</p>
        <p><a class="button button-primary" href="${stillSignedIn ? "/account" : "/sign-in"}">${stillSignedIn ? "Go to your account" : "Sign in"}</a></p>
      </section>`,
    });
  });
}
