import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { meetingOperations } from "../meeting-operations.ts";
import type { ConferencingProvider, ConnectionKind } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import { describeZoomAccess } from "./zoom-access.ts";
import { callZoom, type ZoomApiOptions } from "./zoom-api.ts";
import { checkEligibility, displayNameOf, type ZoomUser } from "./zoom-eligibility.ts";
import { zoomMeetings } from "./zoom-meetings.ts";
import { authorizationUrl, exchangeCode, refreshTokens, revokeToken } from "./zoom-oauth.ts";
import { zoomRateBudget } from "./zoom-rate-budget.ts";
import type { ZoomApp, ZoomSettings } from "./zoom-settings.ts";
import { findZoomUser } from "./zoom-users.ts";
import { readZoomWebhook } from "./zoom-webhook.ts";

/** Zoom, as a conferencing provider. Everything Zoom-specific stays in this folder. */
export function createZoomProvider(
  settings: ZoomSettings,
  db: Kysely<Schema>,
): ConferencingProvider {
  const api: ZoomApiOptions = {
    baseUrl: settings.apiBaseUrl,
    timeoutMs: settings.requestTimeoutMs,
  };
  const budget = zoomRateBudget(db, settings.plan);
  const meetings = zoomMeetings(api, budget);

  const appFor = (kind: ConnectionKind): ZoomApp => {
    const app = kind === "personal" ? settings.userApp : settings.orgApp;
    if (!app) {
      const variable = kind === "personal" ? "ZOOM_USER_CLIENT_ID" : "ZOOM_ORG_CLIENT_ID";
      throw new ProviderError(
        "rejected",
        `Zoom is not set up on this confab instance for ${kind} connections (${variable} is unset): ask its operator.`,
      );
    }
    return app;
  };

  return {
    name: "zoom",
    displayName: "Zoom",
    connectionRequirement:
      "Zoom requires a paid plan (Zoom Pro or above); free Zoom accounts cannot be connected.",
    // A meeting's `duration` is 1–1440 minutes (zoom.md item 12); zoom-meeting-body caps it.
    longestMeetingMinutes: 1440,
    supports: (kind) => (kind === "personal" ? settings.userApp : settings.orgApp) !== undefined,
    describeAccess: describeZoomAccess,
    authorizationUrl: (kind, request) => authorizationUrl(settings, appFor(kind), request),

    async completeAuthorization(kind, callback) {
      const app = appFor(kind);
      const tokens = await exchangeCode(settings, app, callback);
      const { body: user } = await callZoom<ZoomUser>(api, tokens.accessToken, {
        method: "GET",
        path: "/users/me",
      });
      if (!user) throw new ProviderError("unavailable", "Zoom did not say who signed in.");
      try {
        checkEligibility(kind, user);
      } catch (refusal) {
        // Nothing is kept of a refused connection, at Zoom's end either.
        await revokeToken(settings, app, tokens.accessToken).catch(() => undefined);
        throw refusal;
      }
      return {
        ...tokens,
        externalKey: kind === "personal" ? user.id : user.account_id,
        externalAccountId: user.account_id,
        externalUserId: user.id,
        email: user.email,
        displayName: displayNameOf(user),
      };
    },

    refresh: (kind, refreshToken) => refreshTokens(settings, appFor(kind), refreshToken),
    revoke: (kind, accessToken) => revokeToken(settings, appFor(kind), accessToken),
    ...meetingOperations(meetings),
    findUser: (access, email) => findZoomUser(api, budget, access, email),
    readWebhook: (rawBody, headers) => readZoomWebhook(settings, rawBody, headers),
  };
}
