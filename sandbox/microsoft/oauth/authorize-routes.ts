/**
 * `GET/POST /{tenant}/oauth2/v2.0/authorize` (v2-oauth2-auth-code-flow): a sandbox user signs
 * in by email and accepts or cancels the permissions asked for. A request whose tenant, client
 * or redirect URI is wrong gets an error page and is never redirected, so codes cannot leak.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { oauthParameters } from "../../common/oauth-parameters.ts";
import { showPage } from "../../common/show-page.ts";
import { noteCaller } from "../call-log.ts";
import { newSecret } from "../identifiers.ts";
import {
  describeDelegated,
  GRAPH_RESOURCE,
  isOpenIdScope,
  needsAdminConsent,
  parseScopes,
} from "../permissions.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { type App, findUserBySignInName, type User } from "../state.ts";
import { errorPage } from "../ui/page.ts";
import { signedInUser, signIn } from "../ui/sign-in-session.ts";
import { accountRefusal } from "./account-rules.ts";
import { consentPage } from "./consent-page.ts";
import { consentedScopes, recordUserConsent } from "./grants.ts";
import { redirectTarget, redirectTo } from "./redirect.ts";
import { resolveSegment, type Segment } from "./tenant-segment.ts";

const CARRIED = [
  "client_id",
  "response_type",
  "redirect_uri",
  "scope",
  "state",
  "nonce",
  "prompt",
  "login_hint",
  "response_mode",
  "code_challenge",
  "code_challenge_method",
] as const;

const PROMPTS = new Set(["login", "none", "consent", "select_account"]);

interface CheckedRequest {
  segment: Segment;
  app: App;
  redirectUri: string;
  scopes: string[];
  carried: Record<string, string>;
  state: Record<string, string>;
}

type Params = { tenant: string };

function refuse(
  reply: FastifyReply,
  checked: { redirectUri: string; state: Record<string, string> },
  error: string,
  description: string,
  extra: Record<string, string> = {},
) {
  redirectTo(reply, checked.redirectUri, {
    error,
    error_description: description,
    ...extra,
    ...checked.state,
  });
  return undefined;
}

/** Returns the request when it may proceed, or undefined once a reply has been sent. */
function checkRequest(
  context: SandboxContext,
  request: FastifyRequest<{ Params: Params }>,
  reply: FastifyReply,
): CheckedRequest | undefined {
  const params = oauthParameters(request);
  const segment = resolveSegment(context.state, request.params.tenant);
  if (segment === undefined) {
    showPage(
      reply,
      400,
      errorPage(
        "Sorry, but we're having trouble signing you in.",
        `AADSTS90002: Tenant '${request.params.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      ),
    );
    return undefined;
  }
  const app = context.state.apps.get(params.client_id ?? "");
  if (app === undefined) {
    showPage(
      reply,
      400,
      errorPage(
        "Sorry, but we're having trouble signing you in.",
        `AADSTS700016: Application with identifier '${params.client_id ?? ""}' was not found in the directory '${request.params.tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      ),
    );
    return undefined;
  }
  noteCaller(request, { client_id: app.client_id });
  const redirectUri = params.redirect_uri ?? "";
  if (!app.redirect_uris.includes(redirectUri)) {
    showPage(
      reply,
      400,
      errorPage(
        "Sorry, but we're having trouble signing you in.",
        `AADSTS50011: The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.client_id}'. Make sure the redirect URI sent in the request matches one added to your application.`,
      ),
    );
    return undefined;
  }
  if (segment.kind === "consumers" && app.sign_in_audience === "AzureADMultipleOrgs") {
    showPage(
      reply,
      400,
      errorPage(
        "We're unable to complete your request",
        "unauthorized_client: The client does not exist or is not enabled for consumers.",
      ),
    );
    return undefined;
  }
  if (params.response_mode !== undefined && params.response_mode !== "query") {
    showPage(
      reply,
      400,
      errorPage(
        "This sandbox answers with response_mode=query only",
        `response_mode=${params.response_mode} is not modelled: send response_mode=query (or leave it out) to receive the code in the redirect URI's query string.`,
      ),
    );
    return undefined;
  }
  const state: Record<string, string> = params.state === undefined ? {} : { state: params.state };
  const back = { redirectUri, state };
  if (params.response_type !== "code") {
    return refuse(
      reply,
      back,
      "unsupported_response_type",
      `AADSTS70005: response_type '${params.response_type ?? ""}' is not supported; use 'code'.`,
    );
  }
  const scopes = parseScopes(params.scope);
  if (scopes.length === 0) {
    return refuse(
      reply,
      back,
      "invalid_request",
      "AADSTS900144: The request body must contain the following parameter: 'scope'.",
    );
  }
  const expanded = scopes.flatMap((scope) =>
    scope === ".default" ? app.delegated_permissions : [scope],
  );
  const foreign = expanded.find(
    (scope) => !isOpenIdScope(scope) && !/^[A-Za-z]+(\.[A-Za-z]+)+$/.test(scope),
  );
  if (foreign !== undefined) {
    return refuse(
      reply,
      back,
      "invalid_scope",
      `AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope ${foreign} is not valid: this sandbox knows ${GRAPH_RESOURCE} only.`,
    );
  }
  const method = params.code_challenge_method;
  if (
    params.code_challenge !== undefined &&
    method !== undefined &&
    method !== "S256" &&
    method !== "plain"
  ) {
    return refuse(
      reply,
      back,
      "invalid_request",
      `AADSTS501491: Invalid size of Code_Challenge parameter or code_challenge_method '${method}'.`,
    );
  }
  if (params.prompt !== undefined && !PROMPTS.has(params.prompt)) {
    return refuse(
      reply,
      back,
      "invalid_request",
      `AADSTS90023: Invalid prompt value '${params.prompt}'; use login, none, consent or select_account.`,
    );
  }
  const carried: Record<string, string> = {};
  for (const key of CARRIED) {
    const value = params[key];
    if (value !== undefined) carried[key] = value;
  }
  return { segment, app, redirectUri, scopes: [...new Set(expanded)], carried, state };
}

function renderConsent(
  request: FastifyRequest<{ Params: Params }>,
  checked: CheckedRequest,
  email?: string,
  problem?: string,
) {
  return consentPage({
    action: `/${encodeURIComponent(request.params.tenant)}/oauth2/v2.0/authorize`,
    appName: checked.app.name,
    permissions: checked.scopes.map(describeDelegated),
    request: checked.carried,
    ...(email === undefined ? {} : { email }),
    ...(problem === undefined ? {} : { problem }),
  });
}

function issueCode(
  context: SandboxContext,
  reply: FastifyReply,
  checked: CheckedRequest,
  user: User,
) {
  const code = newSecret(48);
  const challenge = checked.carried.code_challenge;
  context.state.codes.set(code, {
    code,
    client_id: checked.app.client_id,
    user_id: user.id,
    tenant_id: user.tenant_id,
    redirect_uri: checked.redirectUri,
    scopes: checked.scopes,
    nonce: checked.carried.nonce ?? null,
    code_challenge: challenge ?? null,
    code_challenge_method:
      challenge === undefined
        ? null
        : checked.carried.code_challenge_method === "S256"
          ? "S256"
          : "plain",
    expires_at: context.clock.now() + context.settings.authorizationCodeLifetimeSeconds * 1000,
    used: false,
  });
  return redirectTo(reply, checked.redirectUri, { code, ...checked.state });
}

function missingConsent(context: SandboxContext, checked: CheckedRequest, user: User): string[] {
  const granted = new Set(consentedScopes(context, checked.app.client_id, user));
  return checked.scopes.filter((scope) => !granted.has(scope));
}

export function registerAuthorizeRoutes(server: FastifyInstance, context: SandboxContext): void {
  server.get<{ Params: Params }>("/:tenant/oauth2/v2.0/authorize", async (request, reply) => {
    const checked = checkRequest(context, request, reply);
    if (checked === undefined) return reply;
    const prompt = checked.carried.prompt;
    const user = signedInUser(context, request);
    const usable =
      user !== undefined && accountRefusal(checked.segment, checked.app, user) === undefined
        ? user
        : undefined;
    if (prompt === "none") {
      // A silent request never shows a page: it gets a code or says what interaction is needed.
      if (usable === undefined) {
        return (
          refuse(
            reply,
            checked,
            "login_required",
            "AADSTS50058: A silent sign-in request was sent but no user is signed in.",
          ) ?? reply
        );
      }
      if (missingConsent(context, checked, usable).length > 0) {
        return (
          refuse(
            reply,
            checked,
            "consent_required",
            `AADSTS65001: The user or administrator has not consented to use the application with ID '${checked.app.client_id}' named '${checked.app.name}'. Send an interactive authorization request for this user and resource.`,
          ) ?? reply
        );
      }
      noteCaller(request, { user: usable.user_principal_name, tenant_id: usable.tenant_id });
      return issueCode(context, reply, checked, usable);
    }
    // Single sign-on: a signed-in user who already consented goes straight back with a code.
    if (
      usable !== undefined &&
      prompt === undefined &&
      missingConsent(context, checked, usable).length === 0
    ) {
      noteCaller(request, { user: usable.user_principal_name, tenant_id: usable.tenant_id });
      return issueCode(context, reply, checked, usable);
    }
    const email = checked.carried.login_hint ?? user?.user_principal_name;
    return showPage(reply, 200, renderConsent(request, checked, email));
  });

  server.post<{ Params: Params }>("/:tenant/oauth2/v2.0/authorize", async (request, reply) => {
    const checked = checkRequest(context, request, reply);
    if (checked === undefined) return reply;
    const params = oauthParameters(request);
    if (params.decision !== "accept") {
      return (
        refuse(
          reply,
          checked,
          "access_denied",
          "AADSTS65004: User declined to consent to access the app.",
          { error_subcode: "cancel" },
        ) ?? reply
      );
    }
    const email = (params.email ?? "").trim();
    const user = findUserBySignInName(context.state, email);
    if (user === undefined) {
      const problem =
        "We couldn't find an account with that username. Try another, or ask the sandbox's control API for a user.";
      return showPage(reply, 200, renderConsent(request, checked, email, problem));
    }
    noteCaller(request, { user: user.user_principal_name, tenant_id: user.tenant_id });
    const refusal = accountRefusal(checked.segment, checked.app, user);
    if (refusal !== undefined) {
      return showPage(reply, 200, renderConsent(request, checked, email, refusal));
    }
    const missing = missingConsent(context, checked, user);
    const needsAdmin = missing.filter(needsAdminConsent);
    if (needsAdmin.length > 0 && user.admin_role === null) {
      const back = redirectTarget(checked.redirectUri, {
        error: "access_denied",
        error_description: `AADSTS90094: ${checked.app.name} needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.`,
        ...checked.state,
      });
      return showPage(
        reply,
        403,
        errorPage(
          "Need admin approval",
          `${checked.app.name} needs permission to access resources in your organization that only an admin can grant (${needsAdmin.join(", ")}). Please ask an admin to grant permission to this app before you can use it.`,
          { href: back, label: "Return to the application without granting consent" },
        ),
      );
    }
    signIn(context, reply, user);
    recordUserConsent(context, checked.app, user, missing);
    return issueCode(context, reply, checked, user);
  });
}
