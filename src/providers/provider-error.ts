/**
 * How a provider call failed, as the caller must react to it: a taxonomy, not strings.
 * - connection_revoked: the grant is gone (invalid_grant, deauthorized). Mark the connection
 *   broken; work that needs it fails with a relink path.
 * - token_expired: the access token was refused; refresh once and retry.
 * - rate_limited: over a limit; `retryAt` says when to try again (next second, or 00:00 UTC).
 * - unavailable: 5xx, a timeout before anything was sent, an unreadable body; retry with backoff.
 * - ambiguous: the request went out and no answer came back; the provider may have done the
 *   work. Look before doing it again.
 * - rejected: the provider refused what was asked (validation, permission, plan); permanent,
 *   and `message` says why in words a person can act on.
 * - not_found: the meeting is gone.
 */
export type ProviderErrorKind =
  | "connection_revoked"
  | "token_expired"
  | "rate_limited"
  | "unavailable"
  | "ambiguous"
  | "rejected"
  | "not_found";

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly retryAt: Date | undefined;
  /** The provider's own code and HTTP status, for logs and metrics. */
  readonly providerCode: string | undefined;
  readonly status: number | undefined;

  constructor(
    kind: ProviderErrorKind,
    message: string,
    details: {
      retryAt?: Date;
      providerCode?: string | number;
      status?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ProviderError";
    this.kind = kind;
    this.retryAt = details.retryAt;
    this.providerCode =
      details.providerCode === undefined ? undefined : String(details.providerCode);
    this.status = details.status;
  }

  get retriable(): boolean {
    return ["token_expired", "rate_limited", "unavailable", "ambiguous"].includes(this.kind);
  }
}
