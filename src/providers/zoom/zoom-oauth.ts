import * as oauth from "oauth4webapi";
import type { AuthorizationCallback, AuthorizationRequest, TokenSet } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import type { ZoomApp, ZoomSettings } from "./zoom-settings.ts";

/**
 * Zoom's OAuth 2.0 authorization server, from configuration: the sandbox stands in for zoom.us
 * by its base URL alone. Plain http is allowed only for a loopback host (the sandbox).
 */
export function zoomAuthorizationServer(settings: ZoomSettings) {
  const base = settings.oauthBaseUrl;
  const as: oauth.AuthorizationServer = {
    issuer: base,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    revocation_endpoint: `${base}/oauth/revoke`,
  };
  const host = new URL(base).hostname;
  const insecure = base.startsWith("http:") && (host === "localhost" || host.startsWith("127."));
  const requestOptions = () => ({
    [oauth.allowInsecureRequests]: insecure,
    signal: AbortSignal.timeout(settings.requestTimeoutMs),
  });
  return { as, requestOptions };
}

/**
 * HTTP Basic exactly as Zoom documents it, base64 of `client_id:client_secret`. (RFC 6749 would
 * form-encode both first; Zoom's docs do not, and its credentials need no encoding.)
 */
function zoomClientAuth(app: ZoomApp): oauth.ClientAuth {
  return (_as, _client, _body, headers) => {
    headers.set(
      "authorization",
      `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`,
    );
  };
}

export function authorizationUrl(
  settings: ZoomSettings,
  app: ZoomApp,
  request: AuthorizationRequest,
): URL {
  const url = new URL(`${settings.oauthBaseUrl}/oauth/authorize`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", app.clientId);
  url.searchParams.set("redirect_uri", request.redirectUri);
  url.searchParams.set("state", request.state);
  url.searchParams.set("code_challenge", request.codeChallenge);
  url.searchParams.set("code_challenge_method", "S256");
  return url;
}

export async function exchangeCode(
  settings: ZoomSettings,
  app: ZoomApp,
  callback: AuthorizationCallback,
): Promise<TokenSet> {
  const { as, requestOptions } = zoomAuthorizationServer(settings);
  const client = { client_id: app.clientId };
  const tokens = await guarded(async () => {
    const parameters = oauth.validateAuthResponse(
      as,
      client,
      callback.parameters,
      callback.expectedState,
    );
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      zoomClientAuth(app),
      parameters,
      callback.redirectUri,
      callback.codeVerifier,
      requestOptions(),
    );
    return oauth.processAuthorizationCodeResponse(as, client, response);
  });
  return toTokenSet(tokens);
}

/** Zoom rotates refresh tokens: the one given is dead once this returns. */
export async function refreshTokens(
  settings: ZoomSettings,
  app: ZoomApp,
  refreshToken: string,
): Promise<TokenSet> {
  const { as, requestOptions } = zoomAuthorizationServer(settings);
  const client = { client_id: app.clientId };
  const tokens = await guarded(async () => {
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      zoomClientAuth(app),
      refreshToken,
      requestOptions(),
    );
    return oauth.processRefreshTokenResponse(as, client, response);
  });
  return toTokenSet(tokens);
}

export async function revokeToken(settings: ZoomSettings, app: ZoomApp, accessToken: string) {
  const { as, requestOptions } = zoomAuthorizationServer(settings);
  const client = { client_id: app.clientId };
  await guarded(async () => {
    const response = await oauth.revocationRequest(
      as,
      client,
      zoomClientAuth(app),
      accessToken,
      requestOptions(),
    );
    await oauth.processRevocationResponse(response);
  });
}

/** Every OAuth failure, whatever oauth4webapi threw, as a ProviderError. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw oauthError(error);
  }
}

function toTokenSet(tokens: oauth.TokenEndpointResponse): TokenSet {
  if (!tokens.refresh_token) {
    throw new ProviderError("unavailable", "Zoom's token reply had no refresh token.");
  }
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: new Date(Date.now() + (tokens.expires_in ?? 3600) * 1000),
    scopes: (tokens.scope ?? "").split(/\s+/).filter(Boolean),
  };
}

function oauthError(error: unknown): ProviderError {
  if (error instanceof oauth.ResponseBodyError) {
    const reason =
      typeof error.cause.reason === "string" ? ` Zoom says: "${error.cause.reason}"` : "";
    if (error.error === "invalid_grant") {
      return new ProviderError(
        "connection_revoked",
        `Zoom no longer accepts this connection's grant; reconnect Zoom.${reason}`,
        { status: error.status, providerCode: error.error, cause: error },
      );
    }
    if (error.status >= 500) {
      return new ProviderError("unavailable", "Zoom's sign-in service is not answering properly.", {
        status: error.status,
        cause: error,
      });
    }
    return new ProviderError("rejected", `Zoom refused the sign-in.${reason}`, {
      status: error.status,
      providerCode: error.error,
      cause: error,
    });
  }
  if (error instanceof oauth.AuthorizationResponseError) {
    return new ProviderError("rejected", `Zoom did not grant access (${error.error}).`, {
      providerCode: error.error,
      cause: error,
    });
  }
  if (error instanceof oauth.OperationProcessingError) {
    // A reply that is not OAuth (an HTML error page, XML): Zoom is not itself; try again later.
    return new ProviderError("unavailable", `Zoom's sign-in service sent an unexpected reply.`, {
      cause: error,
    });
  }
  const name = (error as Error).name;
  return new ProviderError(
    "unavailable",
    name === "TimeoutError"
      ? "Zoom's sign-in service did not answer in time."
      : "Zoom could not be reached.",
    { cause: error },
  );
}
