/** An error of Zoom's OAuth endpoints: a status and `{reason, error}` (zoom.md item 6). */
export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;

  constructor(status: number, error: string, reason: string) {
    super(reason);
    this.status = status;
    this.error = error;
  }

  body(): { reason: string; error: string } {
    return { reason: this.message, error: this.error };
  }
}

export const invalidClient = () =>
  new OAuthError(401, "invalid_client", "Invalid client_id or client_secret");

/** Zoom's OAuth error table names absent credentials apart from wrong ones. */
export const missingClient = () =>
  new OAuthError(401, "invalid_client", "Client ID or client secret is missing.");

export const invalidToken = () => new OAuthError(400, "invalid_grant", "Invalid Token!");

export const invalidAuthorizationCode = (code: string) =>
  new OAuthError(400, "invalid_request", `Invalid authorization code ${code}`);
