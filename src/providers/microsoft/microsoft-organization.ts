import type {
  AccessDescription,
  AuthorizationCallback,
  AuthorizationContinuation,
  AuthorizationRequest,
  GrantedConnection,
  OrganizationInstallWords,
  TokenSet,
} from "../provider.ts";
import { ForeignAnswerError } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import { organizationScopes } from "./microsoft-access.ts";
import {
  adminSignInUrl,
  mayConsentForTenant,
  type SignedInAdmin,
  signInAdmin,
} from "./microsoft-admin-sign-in.ts";
import { aadstsCode, identityReason } from "./microsoft-errors.ts";
import { callGraph, type GraphOptions } from "./microsoft-graph.ts";
import { passingTokenError, postToTokenEndpoint, type TokenReply } from "./microsoft-identity.ts";
import type { MicrosoftApp, MicrosoftSettings } from "./microsoft-settings.ts";

/**
 * An organization install of Microsoft Teams: a Global Administrator (or Privileged Role
 * Administrator) of the Microsoft 365 tenant grants confab's organization app its application
 * permissions for the whole tenant (admin consent, learn.microsoft.com/entra/identity-platform/
 * v2-admin-consent); confab then acts with app-only tokens got by client credentials
 * (v2-oauth2-client-creds-grant-flow), in each host's own mailbox.
 */

/**
 * An install has two steps. First the person signs in with the organization app on
 * `organizations` (microsoft-admin-sign-in.ts): confab learns their tenant and directory roles
 * from Microsoft itself. Then, if they hold a role that may grant application permissions, they
 * are sent to that tenant's own admin consent, and only an answer naming that tenant, under the
 * state of that second step, is taken.
 */
export function organizationAuthorizationUrl(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  request: AuthorizationRequest,
): URL {
  return adminSignInUrl(settings, app, request);
}

/**
 * The application permissions the organization app is registered with, and so what admin consent
 * with `.default` grants: the Outlook events that hold the Teams meetings, in the hosts' own
 * calendars, and who has a Teams licence. Nothing else.
 */
export const applicationPermissions = ["Calendars.ReadWrite", "User.Read.All"];

const adminRoles = "a Global Administrator or Privileged Role Administrator";

/** The second step: admin consent in the tenant the admin signed in to, and no other. */
export function adminConsentUrl(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  tenantId: string,
  request: AuthorizationRequest,
): URL {
  const url = new URL(
    `${settings.authorityBaseUrl}/${encodeURIComponent(tenantId)}/v2.0/adminconsent`,
  );
  url.searchParams.set("client_id", app.clientId);
  // `.default`: the application permissions on the app registration, no more.
  url.searchParams.set("scope", organizationScopes.join(" "));
  url.searchParams.set("redirect_uri", request.redirectUri);
  url.searchParams.set("state", request.state);
  return url;
}

export function describeOrganizationAccess(): AccessDescription {
  return {
    canDo: [
      "Create, move and delete the Microsoft Teams meetings confab makes, each as an event in the Outlook calendar of the member who hosts it, so the meeting is theirs in Outlook and Teams (Calendars.ReadWrite, application permission)",
    ],
    canSee: [
      "Whether a member has a Microsoft Teams licence and a mailbox, looked up by their email when they book: their Microsoft user id, name and licences (User.Read.All, application permission)",
      "The calendar events confab created, to keep them in step and never make one twice",
    ],
    never: [
      "Read or change calendar events confab did not create. Microsoft's Calendars.ReadWrite application permission reaches every mailbox in the tenant; your Exchange Online admin can limit it to the hosts' mailboxes (an application access policy, or RBAC for Applications)",
      "Change anyone's account, group or licence: User.Read.All only reads",
      "Read mail, chats, files, contacts, recordings or transcripts",
      "Invite attendees through Outlook: confab sends its own invitations",
      "Make invitees co-organizers of the Teams meeting: Microsoft lets an app name co-organizers only through its online meetings API, which needs another permission (OnlineMeetings.ReadWrite.All) and an application access policy, so the host adds co-organizers in Teams' meeting options if they want any",
    ],
    scopes: applicationPermissions,
  };
}

/** The words of Manage → Integrations for Microsoft Teams. */
export const organizationInstallWords: OrganizationInstallWords = {
  offer: `Members schedule Microsoft Teams meetings in their own Outlook calendar, through your organization's Microsoft 365 tenant; the person who schedules is the organizer. Needs ${adminRoles} of the tenant to install.`,
  approval: `You will be sent to Microsoft to sign in as ${adminRoles} of your organization's Microsoft 365 tenant and approve confab for the whole tenant (admin consent); nobody else can.`,
  installedIn: (install) =>
    `Approved for the Microsoft 365 tenant ${install.displayName}: each meeting is made in the Outlook calendar of the member who hosts it. It keeps working whoever leaves the organization.`,
  meetingsMadeIn: (install) =>
    `in the Microsoft 365 tenant ${install.displayName}, each in the Outlook calendar of the member who hosts it`,
  accountIdLabel: "Microsoft 365 tenant id",
  removal: (install) =>
    `confab stops using its access to the Microsoft 365 tenant ${install.displayName} (${install.accountId}) and deletes its tokens.`,
  afterRemoval:
    "confab cannot withdraw a tenant's admin consent itself: a Global Administrator should also delete confab in the Microsoft Entra admin center (Enterprise applications → confab → Properties → Delete), which ends its access at Microsoft.",
  hostAccount:
    "Programs whose rule says so (Program settings → Permissions → Who hosts when the creator cannot) have their Teams meetings made in the Outlook calendar of this licensed user of the tenant when the member who books cannot host, e.g. a mentee without a licence. Invitees are not made co-organizers: the host adds them in Teams' meeting options if wanted.",
};

/**
 * What a refused admin consent means (`error=access_denied`). Microsoft sends a person without
 * an admin role to "Need admin approval", whose way back carries AADSTS90094; Cancel carries
 * AADSTS65004.
 */
export function explainOrganizationRefusal(parameters: URLSearchParams): string {
  const description = parameters.get("error_description");
  const code = aadstsCode(description);
  if (code === "90094") {
    return `Nothing was installed: only ${adminRoles} of your organization's Microsoft 365 tenant can install Microsoft Teams for everyone, and the account that signed in at Microsoft is not one. Ask one of them to install it under Manage → Integrations, or sign in as one.`;
  }
  if (code === "65004" || parameters.get("error_subcode") === "cancel") {
    return `Cancel was pressed at Microsoft, so nothing was installed. To install Microsoft Teams for everyone, press Install again and accept as ${adminRoles} of the tenant.`;
  }
  return `Microsoft did not approve the install.${identityReason(description)} Nothing was installed.`;
}

const tenantIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the sign-in step keeps for the consent step, on the core's state record. */
interface SignedInStep {
  step: "consent";
  tid: string;
  oid: string;
  username: string;
}

/**
 * Either step's answer: the sign-in's (who, in which tenant, may they consent) leads on to
 * admin consent; the consent's leads to the install.
 */
export async function completeOrganizationInstall(
  settings: MicrosoftSettings,
  api: GraphOptions,
  app: MicrosoftApp,
  callback: AuthorizationCallback,
): Promise<GrantedConnection | AuthorizationContinuation> {
  refuseMicrosoftError(callback.parameters);
  const signedIn = signedInStepOf(callback.carried);
  if (!signedIn) return afterSignIn(settings, app, callback);
  return afterConsent(settings, api, app, callback, signedIn);
}

function refuseMicrosoftError(parameters: URLSearchParams): void {
  const error = parameters.get("error");
  if (error === "access_denied") {
    throw new ProviderError("rejected", explainOrganizationRefusal(parameters));
  }
  if (error) {
    throw new ProviderError(
      error === "temporarily_unavailable" || error === "server_error" ? "unavailable" : "rejected",
      `Microsoft did not approve the install (${error}).${identityReason(parameters.get("error_description"))} Nothing was installed.`,
    );
  }
}

function signedInStepOf(
  carried: Readonly<Record<string, string>> | undefined,
): SignedInStep | undefined {
  if (carried?.step !== "consent" || !carried.tid || !carried.oid) return undefined;
  return { step: "consent", tid: carried.tid, oid: carried.oid, username: carried.username ?? "" };
}

/**
 * The sign-in: only someone whose directory roles let them grant application permissions goes
 * on to admin consent, in their own tenant; anyone else is told who can, and nothing happens.
 */
async function afterSignIn(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  callback: AuthorizationCallback,
): Promise<AuthorizationContinuation> {
  if (callback.parameters.has("admin_consent") || callback.parameters.has("tenant")) {
    // An admin consent answer under the state of a sign-in: this install never sent anyone there.
    throw new ForeignAnswerError(
      "This approval does not belong to this install: confab had not sent anyone to approve it yet. Nothing was installed; press Install again under Manage → Integrations.",
    );
  }
  const admin = await signInAdmin(settings, app, callback);
  if (!tenantIdPattern.test(admin.tid)) {
    throw new ProviderError(
      "rejected",
      "Microsoft did not say which tenant you signed in to: press Install again. Nothing was installed.",
    );
  }
  if (!mayConsentForTenant(admin)) throw notAnAdmin(admin);
  const carry: SignedInStep = {
    step: "consent",
    tid: admin.tid,
    oid: admin.oid,
    username: admin.username ?? "",
  };
  return {
    carry: { ...carry },
    next: (request) => adminConsentUrl(settings, app, admin.tid, request),
  };
}

function notAnAdmin(admin: SignedInAdmin): ProviderError {
  const who = admin.username ?? "The account that signed in";
  return new ProviderError(
    "rejected",
    `Nothing was installed: only ${adminRoles} of your organization's Microsoft 365 tenant can install Microsoft Teams for everyone, and ${who} is not one. Ask one of them to install it under Manage → Integrations, or sign in as one.`,
  );
}

/**
 * Reads the redirect back from admin consent (`admin_consent=True&tenant=…&state=…`): it must
 * name the tenant the admin signed in to in the first step, whatever else it says. Only then is
 * an app-only token asked for that tenant, which proves the consent took. The install stands on
 * the tenant: its renewal credential is the tenant id, as nothing else renews app-only access.
 */
async function afterConsent(
  settings: MicrosoftSettings,
  api: GraphOptions,
  app: MicrosoftApp,
  callback: AuthorizationCallback,
  signedIn: SignedInStep,
): Promise<GrantedConnection> {
  const parameters = callback.parameters;
  if (parameters.get("state") !== callback.expectedState) {
    throw new ProviderError(
      "rejected",
      "Microsoft's answer does not belong to this install: press Install again.",
    );
  }
  const tenantId = parameters.get("tenant") ?? "";
  if (
    parameters.get("admin_consent")?.toLowerCase() !== "true" ||
    !tenantIdPattern.test(tenantId)
  ) {
    throw new ProviderError(
      "rejected",
      "Microsoft did not say that the tenant's admin approved confab: press Install again.",
    );
  }
  if (tenantId.toLowerCase() !== signedIn.tid.toLowerCase()) {
    throw new ForeignAnswerError(
      "This approval names another Microsoft 365 tenant than the one you signed in to at Microsoft, so nothing was installed. Press Install again under Manage → Integrations and approve confab for your own tenant.",
    );
  }
  const tokens = await requestAppToken(settings, app, signedIn.tid, "install");
  const tenant = await readTenant(api, tokens.accessToken, signedIn.tid);
  return {
    ...tokens,
    externalKey: signedIn.tid,
    externalAccountId: signedIn.tid,
    // Who consented, for the audit log and the integration's page: the admin of the sign-in.
    externalUserId: signedIn.oid,
    email: signedIn.username || tenant.domain || signedIn.tid,
    displayName: tenant.name ?? tenant.domain ?? signedIn.tid,
  };
}

/**
 * A new app-only token for the tenant: client credentials again, under the core's single-flight
 * renewal. The secret is the registration's own, read from the settings each time, never stored
 * with an install.
 */
export function renewAppToken(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  tenantId: string,
): Promise<TokenSet> {
  return requestAppToken(settings, app, tenantId, "renew");
}

/**
 * The tenant's name and default domain, when the consented permissions let confab read them
 * (`GET /organization/{id}` needs Organization.Read.All, which confab does not ask for): the
 * install is otherwise named by its tenant id.
 */
async function readTenant(
  api: GraphOptions,
  accessToken: string,
  tenantId: string,
): Promise<{ name?: string; domain?: string }> {
  try {
    const { body } = await callGraph<{
      displayName?: string | null;
      verifiedDomains?: { name?: string; isDefault?: boolean }[];
    }>(api, accessToken, {
      method: "GET",
      path: `/organization/${encodeURIComponent(tenantId)}`,
      query: { $select: "displayName,verifiedDomains" },
    });
    const domain = body?.verifiedDomains?.find((d) => d.isDefault)?.name;
    return {
      ...(body?.displayName ? { name: body.displayName } : {}),
      ...(domain ? { domain } : {}),
    };
  } catch (error) {
    if (error instanceof ProviderError) return {};
    throw error;
  }
}

type Purpose = "install" | "renew";

async function requestAppToken(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  tenantId: string,
  purpose: Purpose,
): Promise<TokenSet> {
  const reply = await postToTokenEndpoint(
    settings,
    tenantId,
    {
      grant_type: "client_credentials",
      client_id: app.clientId,
      client_secret: app.clientSecret,
      scope: organizationScopes.join(" "),
    },
    (response, refusal) => appTokenError(purpose, response, refusal),
  );
  if (typeof reply.access_token !== "string" || !reply.access_token) {
    throw new ProviderError("unavailable", "Microsoft's token reply had no access token.");
  }
  const expiresIn = Number(reply.expires_in ?? 3600);
  return {
    accessToken: reply.access_token,
    refreshToken: tenantId,
    expiresAt: new Date(Date.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000),
    scopes: organizationScopes,
  };
}

function appTokenError(purpose: Purpose, response: Response, reply: TokenReply): ProviderError {
  const error = typeof reply.error === "string" ? reply.error : "";
  const description = typeof reply.error_description === "string" ? reply.error_description : "";
  const code = aadstsCode(description);
  const reason = identityReason(description);
  const details = { status: response.status, providerCode: code ? `AADSTS${code}` : error };
  const passing = passingTokenError(response, reply, details);
  if (passing) return passing;
  // AADSTS7000229: the tenant has no enterprise application for confab. Right after a consent
  // Microsoft may still be making it; later, an admin deleted it, which ends the install.
  // AADSTS90002: the tenant itself is gone.
  if (code === "7000229" || code === "90002") {
    return purpose === "install"
      ? new ProviderError(
          "rejected",
          `Microsoft has not finished setting confab up in the tenant yet: press Install again in a minute. Nothing was installed.${reason}`,
          details,
        )
      : new ProviderError(
          "connection_revoked",
          `Microsoft no longer lets confab into the Microsoft 365 tenant: confab's enterprise application was deleted there, or its admin consent withdrawn. ${capitalized(adminRoles)} of the tenant can install Microsoft Teams again under Manage → Integrations.${reason}`,
          details,
        );
  }
  if (error === "invalid_client" || error === "unauthorized_client") {
    // The registration itself (a wrong or expired secret): the operator's to mend; every
    // tenant's install is still granted, so none is broken for it.
    return new ProviderError(
      "rejected",
      `Microsoft does not accept this confab's organization app registration (MICROSOFT_ORG_CLIENT_ID and its secret): ask the operator of this confab to check them.${reason}`,
      details,
    );
  }
  return new ProviderError("rejected", `Microsoft refused confab's access.${reason}`, details);
}

function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
