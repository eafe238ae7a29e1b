import type { AuthorizationCallback, AuthorizationRequest, TokenSet } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import { personalScopes } from "./microsoft-access.ts";
import { aadstsCode, identityReason, retryAfter } from "./microsoft-errors.ts";
import type { MicrosoftApp, MicrosoftSettings } from "./microsoft-settings.ts";

/**
 * Personal connections sign in on `common`, which takes work, school and personal accounts
 * alike: a personal account then reaches confab, which refuses it with its own clear reason
 * instead of Microsoft's sign-in page refusing it with a generic one. An organization install
 * will use its tenant's own authority (admin consent and client credentials need one).
 */
export const personalAuthority = "common";

/** The tenant personal Microsoft accounts (outlook.com, hotmail.com) belong to. */
export const consumersTenantId = "9188040d-6c67-4c5b-b112-36a304b66dad";

export function authorizationUrl(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  request: AuthorizationRequest,
): URL {
  return signInUrl(settings, app, request, {
    authority: personalAuthority,
    scopes: personalScopes,
  });
}

/**
 * An authorization code request with PKCE, answered to confab's redirect as a query string. With
 * `nonce`, the request's nonce goes too, for the ID token to be checked against.
 */
export function signInUrl(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  request: AuthorizationRequest,
  o: { authority: string; scopes: string[]; nonce?: boolean },
): URL {
  const url = new URL(`${settings.authorityBaseUrl}/${o.authority}/oauth2/v2.0/authorize`);
  url.searchParams.set("client_id", app.clientId);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("redirect_uri", request.redirectUri);
  url.searchParams.set("response_mode", "query");
  url.searchParams.set("scope", o.scopes.join(" "));
  url.searchParams.set("state", request.state);
  if (o.nonce && request.nonce) url.searchParams.set("nonce", request.nonce);
  url.searchParams.set("code_challenge", request.codeChallenge);
  url.searchParams.set("code_challenge_method", "S256");
  return url;
}

/** What an ID token says about who signed in (v2.0 claims). */
export interface SignedInClaims {
  tid: string;
  oid: string;
  name?: string;
  preferred_username?: string;
  email?: string;
}

export interface ExchangedTokens extends TokenSet {
  claims: SignedInClaims;
}

/**
 * Reads the redirect back from Microsoft, then exchanges its code (with the PKCE verifier) for
 * tokens. A refusal at Microsoft (declined consent, an admin approval needed, an AADSTS error)
 * comes out as a `rejected` ProviderError saying what the person can do about it.
 */
export async function exchangeCode(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  callback: AuthorizationCallback,
): Promise<ExchangedTokens> {
  const parameters = callback.parameters;
  const error = parameters.get("error");
  if (error) throw callbackError(error, parameters.get("error_description"));
  const reply = await redeemCode(settings, app, callback, {
    authority: personalAuthority,
    scopes: personalScopes,
    notThisSignIn:
      "Microsoft's answer does not belong to this sign-in: start connecting Microsoft Teams again.",
    noCode: "Microsoft sent no authorization code back: start connecting Microsoft Teams again.",
  });
  const tokens = toTokenSet(reply);
  return { ...tokens, claims: claimsOf(settings, app, reply.id_token) };
}

/**
 * The redirect's code, checked to be this sign-in's (its state), exchanged with the PKCE verifier
 * at the authority it was asked for. The sentences say what to do when it is not.
 */
export async function redeemCode(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  callback: AuthorizationCallback,
  o: { authority: string; scopes: string[]; notThisSignIn: string; noCode: string },
): Promise<TokenReply> {
  if (callback.parameters.get("state") !== callback.expectedState) {
    throw new ProviderError("rejected", o.notThisSignIn);
  }
  const code = callback.parameters.get("code");
  if (!code) throw new ProviderError("rejected", o.noCode);
  return tokenRequest(settings, o.authority, "exchange", {
    grant_type: "authorization_code",
    client_id: app.clientId,
    client_secret: app.clientSecret,
    code,
    redirect_uri: callback.redirectUri,
    code_verifier: callback.codeVerifier,
    scope: o.scopes.join(" "),
  });
}

/**
 * Microsoft replaces the refresh token on every use (learn.microsoft.com/entra/identity-platform/
 * refresh-tokens): the new one is returned, and the core stores it before using the access
 * token. A grant Microsoft no longer honours (consent removed under My Apps, expired after 90
 * days) is `connection_revoked`.
 */
export async function refreshTokens(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  refreshToken: string,
): Promise<TokenSet> {
  const reply = await tokenRequest(settings, personalAuthority, "refresh", {
    grant_type: "refresh_token",
    client_id: app.clientId,
    client_secret: app.clientSecret,
    refresh_token: refreshToken,
    scope: personalScopes.join(" "),
  });
  return toTokenSet(reply);
}

export interface TokenReply {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
  id_token?: unknown;
  error?: unknown;
  error_description?: unknown;
}

type Purpose = "exchange" | "refresh";

export function tokenRequest(
  settings: MicrosoftSettings,
  tenant: string,
  purpose: Purpose,
  form: Record<string, string>,
): Promise<TokenReply> {
  return postToTokenEndpoint(settings, tenant, form, (response, reply) =>
    tokenError(purpose, response, reply),
  );
}

/**
 * One POST to a tenant's token endpoint, whatever the grant. Asking again is safe for every grant
 * confab uses: a code is refused the second time, Microsoft does not revoke the refresh token it
 * was given when it issues a new one, and client credentials change nothing at Microsoft.
 * `refused` says what a refusal means for the grant at hand.
 */
export async function postToTokenEndpoint(
  settings: MicrosoftSettings,
  tenant: string,
  form: Record<string, string>,
  refused: (response: Response, reply: TokenReply) => ProviderError,
): Promise<TokenReply> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(
      `${settings.authorityBaseUrl}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
      {
        method: "POST",
        headers: { accept: "application/json" },
        body: new URLSearchParams(form),
        signal: AbortSignal.timeout(settings.requestTimeoutMs),
      },
    );
    text = await response.text();
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    throw new ProviderError(
      "unavailable",
      timedOut
        ? "Microsoft's sign-in service did not answer in time."
        : "Microsoft's sign-in service could not be reached.",
      { cause: error },
    );
  }
  let reply: TokenReply;
  try {
    reply = JSON.parse(text) as TokenReply;
  } catch {
    throw new ProviderError(
      "unavailable",
      `Microsoft's sign-in service sent an unexpected reply (HTTP ${response.status}).`,
      { status: response.status },
    );
  }
  if (response.status >= 400 || typeof reply.error === "string") {
    throw refused(response, reply);
  }
  return reply;
}

/**
 * What a token endpoint's refusal means whatever was asked: slow down (429), or try again later
 * (5xx, temporarily_unavailable). Undefined: the grant's own reading decides.
 */
export function passingTokenError(
  response: Response,
  reply: TokenReply,
  details: { status: number; providerCode: string },
): ProviderError | undefined {
  if (response.status === 429) {
    const at = retryAfter(response.headers.get("retry-after"), new Date());
    return new ProviderError("rate_limited", "Microsoft asked confab to slow down for a moment.", {
      ...details,
      retryAt: at ?? new Date(Date.now() + 1000),
    });
  }
  if (response.status >= 500 || reply.error === "temporarily_unavailable") {
    return new ProviderError(
      "unavailable",
      "Microsoft's sign-in service is not answering properly.",
      details,
    );
  }
  return undefined;
}

function tokenError(purpose: Purpose, response: Response, reply: TokenReply): ProviderError {
  const error = typeof reply.error === "string" ? reply.error : "";
  const description = typeof reply.error_description === "string" ? reply.error_description : "";
  const reason = identityReason(description);
  const details = {
    status: response.status,
    providerCode: aadstsCode(description) ? `AADSTS${aadstsCode(description)}` : error,
  };
  const passing = passingTokenError(response, reply, details);
  if (passing) return passing;
  if (error === "invalid_grant" && purpose === "refresh") {
    return new ProviderError(
      "connection_revoked",
      `Microsoft no longer accepts this connection (the app was removed under My Apps, or it was not used for too long); reconnect Microsoft Teams.${reason}`,
      details,
    );
  }
  if (error === "invalid_grant") {
    return new ProviderError(
      "rejected",
      `The sign-in with Microsoft could not be finished (it took too long, or was used already): start connecting Microsoft Teams again.${reason}`,
      details,
    );
  }
  if (error === "invalid_client" || error === "unauthorized_client") {
    return new ProviderError(
      "rejected",
      `Microsoft does not accept this confab's app registration (MICROSOFT_USER_CLIENT_ID and its secret): ask the operator of this confab to check them.${reason}`,
      details,
    );
  }
  return new ProviderError("rejected", `Microsoft refused the sign-in.${reason}`, details);
}

/** The redirect's `error`, as a sentence the person can act on (reference-error-codes). */
function callbackError(error: string, description: string | null): ProviderError {
  const code = aadstsCode(description);
  const details = { providerCode: code ? `AADSTS${code}` : error };
  const reason = identityReason(description);
  // AADSTS90094 / 65001: the organization lets only an admin approve apps like confab.
  if (code === "90094" || code === "65001" || error === "consent_required") {
    return new ProviderError(
      "rejected",
      `Your organization lets only an administrator approve confab for Microsoft Teams: ask your Microsoft 365 admin to approve it, then connect again. Nothing was saved.${reason}`,
      details,
    );
  }
  if (error === "access_denied") {
    return new ProviderError(
      "rejected",
      "You declined to let confab use your Microsoft account, so nothing was connected. To host Microsoft Teams meetings through confab, connect again and choose Accept.",
      details,
    );
  }
  if (error === "login_required" || error === "interaction_required") {
    return new ProviderError(
      "rejected",
      `Microsoft needs you to sign in again: start connecting Microsoft Teams again.${reason}`,
      details,
    );
  }
  if (error === "temporarily_unavailable" || error === "server_error") {
    return new ProviderError(
      "unavailable",
      "Microsoft's sign-in service is not answering properly.",
      details,
    );
  }
  return new ProviderError(
    "rejected",
    `Microsoft did not let you connect (${error}).${reason} Nothing was saved.`,
    details,
  );
}

function toTokenSet(reply: TokenReply): TokenSet {
  if (typeof reply.access_token !== "string" || !reply.access_token) {
    throw new ProviderError("unavailable", "Microsoft's token reply had no access token.");
  }
  if (typeof reply.refresh_token !== "string" || !reply.refresh_token) {
    throw new ProviderError("unavailable", "Microsoft's token reply had no refresh token.");
  }
  const expiresIn = Number(reply.expires_in ?? 3600);
  return {
    accessToken: reply.access_token,
    refreshToken: reply.refresh_token,
    expiresAt: new Date(Date.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000),
    scopes: (typeof reply.scope === "string" ? reply.scope : "").split(/\s+/).filter(Boolean),
  };
}

/**
 * Who signed in, from the ID token. It came straight from the token endpoint over TLS, so its
 * signature need not be checked (OpenID Connect Core 3.1.3.7); its audience must be this app
 * and its issuer the tenant it names, as Microsoft says multi-tenant apps check it
 * (`https://login.microsoftonline.com/{tid}/v2.0`).
 */
function claimsOf(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  idToken: unknown,
): SignedInClaims {
  const unreadable = () =>
    new ProviderError("unavailable", "Microsoft did not say clearly who signed in.");
  if (typeof idToken !== "string") throw unreadable();
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8"));
  } catch {
    throw unreadable();
  }
  const tid = claims.tid;
  const oid = claims.oid;
  if (typeof tid !== "string" || typeof oid !== "string") throw unreadable();
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (
    !audience.includes(app.clientId) ||
    claims.iss !== `${settings.authorityBaseUrl}/${tid}/v2.0`
  ) {
    throw new ProviderError(
      "rejected",
      "Microsoft's answer about who signed in is not for this confab: start connecting Microsoft Teams again.",
    );
  }
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return {
    tid,
    oid,
    ...(text(claims.name) ? { name: text(claims.name) } : {}),
    ...(text(claims.preferred_username)
      ? { preferred_username: text(claims.preferred_username) }
      : {}),
    ...(text(claims.email) ? { email: text(claims.email) } : {}),
  };
}
