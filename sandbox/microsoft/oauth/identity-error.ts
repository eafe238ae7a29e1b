/**
 * An error of the identity platform's token endpoint, as Microsoft writes it: an OAuth `error`,
 * an `error_description` starting with the AADSTS code, and `error_codes`, `timestamp`,
 * `trace_id`, `correlation_id`, `error_uri` (reference-error-codes, "Handling error codes in
 * your application").
 */
import { randomUUID } from "node:crypto";
import { identityTimestamp } from "../clock.ts";

export class IdentityError extends Error {
  readonly status: number;
  readonly error: string;
  readonly code: number;

  constructor(status: number, error: string, code: number, message: string) {
    super(`AADSTS${code}: ${message}`);
    this.status = status;
    this.error = error;
    this.code = code;
  }

  body(now: number) {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = identityTimestamp(now);
    return {
      error: this.error,
      error_description: `${this.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [this.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${this.code}`,
    };
  }
}

export const unknownTenant = (tenant: string) =>
  new IdentityError(
    400,
    "invalid_request",
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );

export const unknownClient = (clientId: string, tenant: string) =>
  new IdentityError(
    400,
    "unauthorized_client",
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  );

export const missingClientSecret = () =>
  new IdentityError(
    401,
    "invalid_client",
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );

export const invalidClientSecret = (clientId: string) =>
  new IdentityError(
    401,
    "invalid_client",
    7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  );

export const missingParameter = (name: string) =>
  new IdentityError(
    400,
    "invalid_request",
    900144,
    `The request body must contain the following parameter: '${name}'.`,
  );

export const codeAlreadyRedeemed = () =>
  new IdentityError(
    400,
    "invalid_grant",
    54005,
    "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
  );

export const codeExpired = () =>
  new IdentityError(
    400,
    "invalid_grant",
    70008,
    "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
  );

export const invalidCode = () =>
  new IdentityError(
    400,
    "invalid_grant",
    70000,
    "The provided value for the 'code' parameter is not valid.",
  );

export const verifierMismatch = () =>
  new IdentityError(
    400,
    "invalid_grant",
    501481,
    "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
  );

export const redirectUriMismatch = (redirectUri: string) =>
  new IdentityError(
    400,
    "invalid_grant",
    50011,
    `The redirect URI '${redirectUri}' specified in the request does not match the redirect URI the authorization code was issued for.`,
  );

export const malformedRefreshToken = () =>
  new IdentityError(
    400,
    "invalid_grant",
    9002313,
    "Invalid request. Request is malformed or invalid.",
  );

export const refreshTokenRevoked = () =>
  new IdentityError(
    400,
    "invalid_grant",
    50173,
    "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.",
  );

export const refreshTokenExpired = () =>
  new IdentityError(
    400,
    "invalid_grant",
    700082,
    "The refresh token has expired due to inactivity. The token was issued on a date more than 90 days ago.",
  );

export const consentMissing = (clientId: string, appName: string) =>
  new IdentityError(
    400,
    "invalid_grant",
    65001,
    `The user or administrator has not consented to use the application with ID '${clientId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
  );

export const missingServicePrincipal = (clientId: string, tenantId: string) =>
  new IdentityError(
    401,
    "invalid_client",
    7000229,
    `The client application ${clientId} is missing service principal in the tenant ${tenantId}.`,
  );

export const clientCredentialsNeedDefault = (scope: string) =>
  new IdentityError(
    400,
    "invalid_scope",
    1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  );

export const clientCredentialsNeedTenant = (tenant: string) =>
  new IdentityError(
    400,
    "invalid_request",
    90133,
    `The client credentials grant is not supported on the '${tenant}' endpoint: use the tenant id or a verified domain of the tenant the app acts in.`,
  );

export const unsupportedGrantType = (grantType: string) =>
  new IdentityError(
    400,
    "unsupported_grant_type",
    70003,
    `The app requested an unsupported grant type '${grantType}'.`,
  );

export const consumersNotEnabled = () =>
  new IdentityError(
    400,
    "unauthorized_client",
    700016,
    "The client does not exist or is not enabled for consumers.",
  );
