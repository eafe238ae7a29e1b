/**
 * The admin consent endpoint (v2-admin-consent): `GET /{tenant}/adminconsent?client_id&
 * redirect_uri&state` and its v2.0 form `GET /{tenant}/v2.0/adminconsent?…&scope=`. A tenant
 * admin signs in and grants the app's application permissions (and its delegated ones) for the
 * whole organization; the browser returns with `admin_consent=True&tenant=<tid>&state=…`.
 * Who may grant follows grant-admin-consent: Global and Privileged Role Administrators anything,
 * Cloud Application Administrators anything but Microsoft Graph app roles.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { oauthParameters } from "../../common/oauth-parameters.ts";
import { showPage } from "../../common/show-page.ts";
import { noteCaller } from "../call-log.ts";
import {
  describeApplication,
  describeDelegated,
  OPENID_SCOPES,
  parseScopes,
} from "../permissions.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { type App, findUserBySignInName, type User } from "../state.ts";
import { errorPage } from "../ui/page.ts";
import { signIn } from "../ui/sign-in-session.ts";
import { adminConsentPage } from "./admin-consent-page.ts";
import { ensureServicePrincipal } from "./grants.ts";
import { redirectTarget, redirectTo } from "./redirect.ts";
import { resolveSegment, type Segment } from "./tenant-segment.ts";

type Params = { tenant: string };

interface CheckedRequest {
  segment: Segment;
  app: App;
  redirectUri: string;
  roles: string[];
  delegated: string[];
  /** The v2.0 form names its scopes and gets them back in the reply. */
  scope: string | undefined;
  carried: Record<string, string>;
  state: Record<string, string>;
}

const trouble = "Sorry, but we're having trouble signing you in.";

function checkRequest(
  context: SandboxContext,
  request: FastifyRequest<{ Params: Params }>,
  reply: FastifyReply,
  v2: boolean,
): CheckedRequest | undefined {
  const params = oauthParameters(request);
  const page = (message: string) => {
    showPage(reply, 400, errorPage(trouble, message));
    return undefined;
  };
  const segment = resolveSegment(context.state, request.params.tenant);
  if (segment === undefined) {
    return page(`AADSTS90002: Tenant '${request.params.tenant}' not found.`);
  }
  if (segment.kind === "common" || segment.kind === "consumers") {
    // "Don't use common, because personal accounts can't provide admin consent."
    return page(
      `Admin consent needs a tenant id, a verified domain or 'organizations', not '${segment.name}': personal accounts cannot give admin consent.`,
    );
  }
  const app = context.state.apps.get(params.client_id ?? "");
  if (app === undefined) {
    return page(
      `AADSTS700016: Application with identifier '${params.client_id ?? ""}' was not found in the directory '${request.params.tenant}'.`,
    );
  }
  noteCaller(request, { client_id: app.client_id });
  const redirectUri = params.redirect_uri ?? "";
  if (!app.redirect_uris.includes(redirectUri)) {
    return page(
      `AADSTS50011: The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.client_id}'.`,
    );
  }
  let roles = app.application_permissions;
  let delegated = app.delegated_permissions;
  if (v2) {
    const scopes = parseScopes(params.scope);
    if (scopes.length === 0) {
      return page("AADSTS900144: The request body must contain the following parameter: 'scope'.");
    }
    if (!scopes.includes(".default")) {
      roles = scopes.filter((scope) => app.application_permissions.includes(scope));
      delegated = scopes.filter((scope) => !app.application_permissions.includes(scope));
    }
  }
  const carried: Record<string, string> = {};
  for (const key of ["client_id", "redirect_uri", "state", "scope"]) {
    const value = params[key];
    if (value !== undefined) carried[key] = value;
  }
  const state: Record<string, string> = params.state === undefined ? {} : { state: params.state };
  return {
    segment,
    app,
    redirectUri,
    roles,
    delegated,
    scope: v2 ? params.scope : undefined,
    carried,
    state,
  };
}

/** Why this signed-in person may not grant what is asked, or undefined when they may. */
function adminRefusal(checked: CheckedRequest, user: User): string | undefined {
  if (user.admin_role === null) {
    return `${checked.app.name} needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.`;
  }
  if (user.admin_role === "cloud_application_administrator" && checked.roles.length > 0) {
    return `A Cloud Application Administrator cannot grant Microsoft Graph application permissions (${checked.roles.join(", ")}). Ask a Global Administrator or Privileged Role Administrator.`;
  }
  return undefined;
}

function register(server: FastifyInstance, context: SandboxContext, path: string, v2: boolean) {
  const action = (request: FastifyRequest<{ Params: Params }>) =>
    `/${encodeURIComponent(request.params.tenant)}${v2 ? "/v2.0" : ""}/adminconsent`;
  const render = (
    request: FastifyRequest<{ Params: Params }>,
    checked: CheckedRequest,
    email?: string,
    problem?: string,
  ) =>
    adminConsentPage({
      action: action(request),
      appName: checked.app.name,
      applicationPermissions: checked.roles.map(describeApplication),
      delegatedPermissions: checked.delegated.map(describeDelegated),
      request: checked.carried,
      ...(email === undefined ? {} : { email }),
      ...(problem === undefined ? {} : { problem }),
    });

  server.get<{ Params: Params }>(path, async (request, reply) => {
    const checked = checkRequest(context, request, reply, v2);
    if (checked === undefined) return reply;
    return showPage(reply, 200, render(request, checked));
  });

  server.post<{ Params: Params }>(path, async (request, reply) => {
    const checked = checkRequest(context, request, reply, v2);
    if (checked === undefined) return reply;
    const params = oauthParameters(request);
    if (params.decision !== "accept") {
      return redirectTo(reply, checked.redirectUri, {
        error: "access_denied",
        error_description: "AADSTS65004: User declined to consent to access the app.",
        ...checked.state,
      });
    }
    const email = (params.email ?? "").trim();
    const user = findUserBySignInName(context.state, email);
    if (user === undefined) {
      const problem = "We couldn't find an account with that username.";
      return showPage(reply, 200, render(request, checked, email, problem));
    }
    noteCaller(request, { user: user.user_principal_name, tenant_id: user.tenant_id });
    if (user.account_type === "personal") {
      const problem =
        "You can't sign in here with a personal account. Use your work or school account instead.";
      return showPage(reply, 200, render(request, checked, email, problem));
    }
    const { segment } = checked;
    if (segment.kind === "tenant" && segment.tenant.id !== user.tenant_id) {
      const problem = `AADSTS50020: User account '${user.user_principal_name}' does not exist in tenant '${segment.tenant.display_name}'.`;
      return showPage(reply, 200, render(request, checked, email, problem));
    }
    const refusal = adminRefusal(checked, user);
    if (refusal !== undefined) {
      const back = redirectTarget(checked.redirectUri, {
        error: "access_denied",
        error_description: `AADSTS90094: ${refusal}`,
        ...checked.state,
      });
      return showPage(
        reply,
        403,
        errorPage("Need admin approval", refusal, {
          href: back,
          label: "Return to the application without granting consent",
        }),
      );
    }
    signIn(context, reply, user);
    const sp = ensureServicePrincipal(context, user.tenant_id, checked.app.client_id);
    // Granting again replaces what an earlier admin consent granted tenant-wide.
    sp.app_roles = [...checked.roles];
    // Signing users in to the app is part of what an admin consents to for the organization.
    sp.tenant_wide_scopes = [...new Set([...OPENID_SCOPES, ...checked.delegated])];
    sp.admin_consented_by = user.id;
    return redirectTo(reply, checked.redirectUri, {
      admin_consent: "True",
      tenant: user.tenant_id,
      ...(checked.scope === undefined ? {} : { scope: checked.scope }),
      ...checked.state,
    });
  });
}

export function registerAdminConsentRoutes(server: FastifyInstance, context: SandboxContext): void {
  register(server, context, "/:tenant/adminconsent", false);
  register(server, context, "/:tenant/v2.0/adminconsent", true);
}
