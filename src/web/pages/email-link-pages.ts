import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { checkEmailToken } from "../../accounts/email-tokens.ts";
import { unblockSignIn } from "../../accounts/sign-in-unblock.ts";
import { confirmEmail } from "../../accounts/verify-email.ts";
import type { EmailTokenPurpose } from "../../db/mail-schema.ts";
import { csrfInput, textOf } from "../forms.ts";
import { html } from "../html.ts";
import { csrfToken, sendPage, type WebContext } from "../web-context.ts";

/**
 * Mailed links that act: confirming an address, lifting a sign-in delay. Opening one only shows
 * a button; the POST behind it acts, so a mail scanner or link preview that fetches it spends
 * nothing.
 */
export function emailLinkPages(app: FastifyInstance, context: WebContext) {
  const askPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    purpose: EmailTokenPurpose,
    texts: { title: string; body: string; button: string; action: string },
  ) => {
    const token = (request.query as { token?: unknown }).token;
    const given = typeof token === "string" ? token : "";
    const { email } = await checkEmailToken(context.db, purpose, given);
    return sendPage(context, request, reply, {
      title: texts.title,
      main: html`<section class="panel narrow">
        <h1>${texts.title}</h1>
        <p>${texts.body.replace("{email}", email)}</p>
        <form method="post" action="${texts.action}">
          ${csrfInput(csrfToken(reply))}
          <input type="hidden" name="token" value="${given}">
          <button type="submit" class="button button-primary">${texts.button}</button>
        </form>
      </section>`,
    });
  };

  app.get("/verify-email", async (request, reply) =>
    askPage(request, reply, "verify_email", {
      title: "Confirm your email address",
      body: "Confirm that {email} is your address.",
      button: "Confirm my address",
      action: "/verify-email",
    }),
  );

  app.post("/verify-email", async (request, reply) => {
    const { email } = await confirmEmail(context.db, textOf(request.body, "token"));
    return sendPage(context, request, reply, {
      title: "Address confirmed",
      main: html`<section class="panel narrow">
        <h1>Address confirmed</h1>
        <p>${email} is confirmed as yours. Thank you.</p>
        <p><a class="button button-primary" href="${request.viewer ? "/" : "/sign-in"}">${request.viewer ? "Go to your home page" : "Sign in"}</a></p>
      </section>`,
    });
  });

  app.get("/sign-in/unblock", async (request, reply) =>
    askPage(request, reply, "unblock_sign_in", {
      title: "Sign in again",
      body: "Lift the delay on signing in to {email}, from every network.",
      button: "Let me sign in",
      action: "/sign-in/unblock",
    }),
  );

  app.post("/sign-in/unblock", async (request, reply) => {
    await unblockSignIn(context.db, textOf(request.body, "token"));
    return reply.redirect("/sign-in?done=unblocked", 303);
  });
}
