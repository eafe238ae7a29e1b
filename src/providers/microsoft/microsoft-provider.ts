import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { meetingOperations } from "../meeting-operations.ts";
import type { ConferencingProvider, ConnectionKind } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import { describeMicrosoftAccess } from "./microsoft-access.ts";
import {
  checkLicences,
  displayNameOf,
  emailOf,
  type GraphUser,
  type LicenseDetail,
  refusePersonalAccount,
  userSelect,
} from "./microsoft-eligibility.ts";
import { callGraph, type GraphOptions } from "./microsoft-graph.ts";
import { authorizationUrl, exchangeCode, refreshTokens } from "./microsoft-identity.ts";
import { withMailboxIds } from "./microsoft-mailbox-ids.ts";
import { microsoftMeetings } from "./microsoft-meetings.ts";
import { readMicrosoftNotifications } from "./microsoft-notifications.ts";
import {
  completeOrganizationInstall,
  describeOrganizationAccess,
  explainOrganizationRefusal,
  organizationAuthorizationUrl,
  organizationInstallWords,
  renewAppToken,
} from "./microsoft-organization.ts";
import { outlookRateBudget } from "./microsoft-rate-budget.ts";
import { readMeetingShown } from "./microsoft-read-back.ts";
import type { MicrosoftApp, MicrosoftSettings } from "./microsoft-settings.ts";
import { microsoftSubscriptions } from "./microsoft-subscriptions.ts";
import { findMicrosoftUser } from "./microsoft-users.ts";
import { writtenVersions } from "./microsoft-written-versions.ts";

/** Cronofy's provider_name for Microsoft Teams, so applications see the name they know. */
export const microsoftProviderName = "ms_teams";

/**
 * Microsoft Teams, as a conferencing provider: a meeting is an Outlook calendar event with a
 * Teams meeting, in the host's own mailbox. Everything Microsoft-specific stays in this folder.
 * Personal connections use delegated consent (`settings.userApp`); organization installs, a
 * tenant admin's consent and app-only tokens (`settings.orgApp`), are in microsoft-organization.ts.
 */
export function createMicrosoftProvider(
  settings: MicrosoftSettings,
  db: Kysely<Schema>,
): ConferencingProvider {
  const api: GraphOptions = {
    baseUrl: settings.graphBaseUrl,
    timeoutMs: settings.requestTimeoutMs,
  };
  // A slot for a call in flight is kept no longer than the call may take, and a little more.
  const budget = outlookRateBudget(db, settings.requestTimeoutMs + 5_000);
  const versions = writtenVersions(db);
  const meetings = withMailboxIds(microsoftMeetings(api, budget, versions));
  const subscriptions = microsoftSubscriptions(api);

  const appFor = (kind: ConnectionKind): MicrosoftApp => {
    if (kind === "organization") {
      if (settings.orgApp) return settings.orgApp;
      throw new ProviderError(
        "rejected",
        "Microsoft Teams is not set up on this confab instance for organizations (MICROSOFT_ORG_CLIENT_ID is unset): ask its operator.",
      );
    }
    if (!settings.userApp) {
      throw new ProviderError(
        "rejected",
        "Microsoft Teams is not set up on this confab instance for personal connections (MICROSOFT_USER_CLIENT_ID is unset): ask its operator.",
      );
    }
    return settings.userApp;
  };

  return {
    name: microsoftProviderName,
    displayName: "Microsoft Teams",
    connectionRequirement:
      "Microsoft Teams needs a work or school account with a Teams licence; personal Microsoft accounts (outlook.com, hotmail.com) cannot be connected.",
    supports: (kind) => (kind === "personal" ? settings.userApp : settings.orgApp) !== undefined,
    describeAccess: (kind) =>
      kind === "organization" ? describeOrganizationAccess() : describeMicrosoftAccess(kind),
    authorizationUrl: (kind, request) =>
      kind === "organization"
        ? organizationAuthorizationUrl(settings, appFor(kind), request)
        : authorizationUrl(settings, appFor(kind), request),
    explainRefusal: (kind, parameters) =>
      kind === "organization" ? explainOrganizationRefusal(parameters) : undefined,
    organizationInstall: organizationInstallWords,

    async completeAuthorization(kind, callback) {
      const app = appFor(kind);
      if (kind === "organization") {
        return completeOrganizationInstall(settings, api, app, callback);
      }
      const { claims, ...tokens } = await exchangeCode(settings, app, callback);
      const who = claims.preferred_username ?? claims.email ?? "This account";
      // Nothing to hand back at Microsoft's end on a refusal: it has no revocation endpoint.
      refusePersonalAccount(claims.tid, who);
      const { body: user } = await callGraph<GraphUser>(api, tokens.accessToken, {
        method: "GET",
        path: "/me",
        query: { $select: userSelect },
      });
      if (!user?.id) throw new ProviderError("unavailable", "Microsoft did not say who signed in.");
      const { body: licences } = await callGraph<{ value?: LicenseDetail[] }>(
        api,
        tokens.accessToken,
        { method: "GET", path: "/me/licenseDetails" },
      );
      checkLicences(emailOf(user), licences?.value ?? []);
      return {
        ...tokens,
        // Personal: the user (a grant belongs to one person); the tenant is their account.
        externalKey: user.id,
        externalAccountId: claims.tid,
        externalUserId: user.id,
        email: emailOf(user),
        displayName: displayNameOf(user),
      };
    },

    // An organization's renewal credential is its tenant id: app-only access has no refresh token.
    refresh: (kind, refreshToken) =>
      kind === "organization"
        ? renewAppToken(settings, appFor(kind), refreshToken)
        : refreshTokens(settings, appFor(kind), refreshToken),

    /**
     * Microsoft's identity platform has no endpoint for an app to give back a user's grant
     * (only revokeSignInSessions, which signs the person out of every app): nothing is sent, and
     * the reason is kept with the removed connection.
     */
    async revoke(kind) {
      if (kind === "organization") {
        throw new ProviderError("rejected", organizationInstallWords.afterRemoval);
      }
      throw new ProviderError(
        "rejected",
        "Microsoft does not let confab withdraw its own access: to end it at Microsoft too, remove confab under My Apps (myapps.microsoft.com → confab → Remove). confab no longer uses it either way.",
      );
    },

    ...meetingOperations(meetings),
    findUser: (access, email) => findMicrosoftUser(api, access, email),
    readWebhook: (rawBody, _headers, query) => readMicrosoftNotifications(rawBody, query),
    watch: subscriptions.watch,
    renewWatch: subscriptions.renew,
    unwatch: subscriptions.unwatch,
    readMeetingShown: (access, meetingId) => readMeetingShown(api, budget, access, meetingId),
    isOwnWrite: (meetingId, version) => versions.isOwn(meetingId, version),
  };
}
