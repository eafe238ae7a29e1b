/**
 * `/oauth/authorize` (zoom.md item 1): a sandbox user signs in by email and
 * allows or declines the app. A request whose client or redirect URI is wrong
 * gets an error page and is never redirected, so codes cannot leak elsewhere.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { oauthParameters } from "../../common/oauth-parameters.ts";
import { noteCaller } from "../call-log.ts";
import { newSecret } from "../identifiers.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { describeScope } from "../scopes.ts";
import { type App, findUserByEmail } from "../state.ts";
import { consentPage, errorPage } from "./consent-page.ts";

const CARRIED = [
  "response_type",
  "client_id",
  "redirect_uri",
  "state",
  "code_challenge",
  "code_challenge_method",
] as const;

function redirectTarget(redirectUri: string, params: Record<string, string>): string {
  const target = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return target.toString();
}

function redirectTo(reply: FastifyReply, redirectUri: string, params: Record<string, string>) {
  return reply.redirect(redirectTarget(redirectUri, params), 302);
}

function showPage(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).type("text/html; charset=utf-8").send(html);
}

interface CheckedRequest {
  app: App;
  carried: Record<string, string>;
  redirectUri: string;
  state: Record<string, string>;
}

/** Returns the request when it may proceed, or undefined once a reply has been sent. */
function checkRequest(
  context: SandboxContext,
  request: FastifyRequest,
  reply: FastifyReply,
): CheckedRequest | undefined {
  const params = oauthParameters(request);
  const app = context.state.apps.get(params.client_id ?? "");
  if (app === undefined) {
    showPage(
      reply,
      400,
      errorPage("Invalid client", `Invalid client_id: ${params.client_id ?? ""}`),
    );
    return undefined;
  }
  noteCaller(request, { client_id: app.client_id });
  const redirectUri = params.redirect_uri ?? "";
  if (!app.redirect_uris.includes(redirectUri)) {
    showPage(reply, 400, errorPage("Invalid redirect", `Invalid redirect: ${redirectUri}`));
    return undefined;
  }
  const state: Record<string, string> = params.state === undefined ? {} : { state: params.state };
  if (params.response_type !== "code") {
    redirectTo(reply, redirectUri, { error: "unsupported_response_type", ...state });
    return undefined;
  }
  const method = params.code_challenge_method;
  if (method !== undefined && method !== "S256" && method !== "plain") {
    redirectTo(reply, redirectUri, { error: "invalid_request", ...state });
    return undefined;
  }
  const carried: Record<string, string> = {};
  for (const key of CARRIED) {
    const value = params[key];
    if (value !== undefined) carried[key] = value;
  }
  return { app, carried, redirectUri, state };
}

function renderConsent(
  app: App,
  carried: Record<string, string>,
  email?: string,
  problem?: string,
) {
  return consentPage({
    appName: app.name,
    scopes: app.scopes.map(describeScope),
    request: carried,
    ...(email === undefined ? {} : { email }),
    ...(problem === undefined ? {} : { problem }),
  });
}

export function registerAuthorizeRoutes(server: FastifyInstance, context: SandboxContext): void {
  server.get("/oauth/authorize", async (request, reply) => {
    const checked = checkRequest(context, request, reply);
    if (checked === undefined) return reply;
    return showPage(reply, 200, renderConsent(checked.app, checked.carried));
  });

  server.post("/oauth/authorize", async (request, reply) => {
    const checked = checkRequest(context, request, reply);
    if (checked === undefined) return reply;
    const { app, carried, redirectUri, state } = checked;
    const params = oauthParameters(request);
    if (params.decision !== "allow") {
      return redirectTo(reply, redirectUri, { error: "access_denied", ...state });
    }
    const email = (params.email ?? "").trim();
    const user = findUserByEmail(context.state, email);
    if (user === undefined) {
      const problem = "No Zoom user has this email address.";
      return showPage(reply, 200, renderConsent(app, carried, email, problem));
    }
    noteCaller(request, { user_email: user.email });
    // Admin-managed apps act for the whole account, which only its owner or an admin may allow.
    // Zoom stops on a page saying so; its way back hands the app an OAuth refusal, so the
    // person lands back where they started instead of on a dead end.
    if (app.kind === "admin" && user.role === "member") {
      const back = redirectTarget(redirectUri, {
        error: "access_denied",
        error_description: "The user must be an account admin or owner to authorize this app.",
        ...state,
      });
      return showPage(
        reply,
        403,
        errorPage(
          "Admin approval required",
          `${app.name} can only be added by an owner or admin of your Zoom account. Ask an administrator of your account to add it.`,
          { href: back, label: `Back to ${app.name}` },
        ),
      );
    }
    const code = newSecret(24);
    const challenge = carried.code_challenge;
    context.state.codes.set(code, {
      code,
      client_id: app.client_id,
      user_id: user.id,
      redirect_uri: redirectUri,
      code_challenge: challenge ?? null,
      code_challenge_method:
        challenge === undefined
          ? null
          : carried.code_challenge_method === "S256"
            ? "S256"
            : "plain",
      expires_at: context.clock.now() + context.settings.authorizationCodeLifetimeSeconds * 1000,
      used: false,
    });
    return redirectTo(reply, redirectUri, { code, ...state });
  });
}
