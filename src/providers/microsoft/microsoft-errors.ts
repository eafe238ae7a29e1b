import { ProviderError } from "../provider-error.ts";
import { jitter, retryAfter } from "../retry-after.ts";

export interface GraphErrorBody {
  code: string | undefined;
  message: string;
}

/** Graph answers errors as `{error: {code, message, innerError}}` (learn.microsoft.com/graph/errors). */
export function readGraphError(text: string): GraphErrorBody | undefined {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error !== "object" || body.error === null) return undefined;
    return {
      code: typeof body.error.code === "string" ? body.error.code : undefined,
      message: typeof body.error.message === "string" ? body.error.message : "",
    };
  } catch {
    return undefined;
  }
}

/**
 * Graph's Retry-After is in seconds (learn.microsoft.com/graph/throttling), a date is taken too;
 * the sign-in flows read it from here as well.
 */
export { retryAfter };

/**
 * One Graph error reply → one ProviderError kind, as Zoom's are mapped. The message is for the
 * person who must act: Graph's own words are kept, with what they mean for them.
 */
export function toProviderError(
  status: number,
  headers: Headers,
  text: string,
  now = new Date(),
): ProviderError {
  const body = readGraphError(text);
  const details = { status, providerCode: body?.code ?? status };
  const graphSays = body?.message ? ` Microsoft says: "${body.message}"` : "";

  if (status === 429) {
    const at = retryAfter(headers.get("retry-after"), now) ?? new Date(now.getTime() + 1000);
    return new ProviderError("rate_limited", "Microsoft asked confab to slow down for a moment.", {
      ...details,
      retryAt: jitter(at),
    });
  }
  if (status === 401) {
    return new ProviderError("token_expired", "Microsoft refused the access token.", details);
  }
  if (status >= 500 || body === undefined) {
    return new ProviderError(
      "unavailable",
      `Microsoft Graph is not answering properly (HTTP ${status}).`,
      details,
    );
  }
  if (body.code === "MailboxNotEnabledForRESTAPI") {
    return new ProviderError(
      "rejected",
      `The host has no Exchange Online mailbox, so Outlook cannot hold their Teams meetings: ask your Microsoft 365 admin to give them one.${graphSays}`,
      details,
    );
  }
  if (body.code === "ErrorInvalidUser") {
    return new ProviderError(
      "rejected",
      `The host is not a user of the connected Microsoft organization.${graphSays}`,
      details,
    );
  }
  if (status === 404) {
    return new ProviderError("not_found", "The meeting no longer exists in Outlook.", details);
  }
  if (status === 403) {
    return new ProviderError(
      "rejected",
      `Microsoft does not let confab do this for the connected account: reconnect Microsoft Teams, or ask your Microsoft 365 admin whether confab is allowed.${graphSays}`,
      details,
    );
  }
  if (body.code === "TimeZoneNotSupportedException") {
    return new ProviderError(
      "rejected",
      `Outlook does not know the meeting's time zone.${graphSays}`,
      details,
    );
  }
  return new ProviderError(
    "rejected",
    `Microsoft refused the request.${graphSays || ` (HTTP ${status})`}`,
    details,
  );
}

/** What a token endpoint's or authorize redirect's error says, without its trace ids and times. */
export function identityReason(description: string | null | undefined): string {
  if (!description) return "";
  const sentence = description.split(/\r?\n|\s+Trace ID:/)[0]?.trim() ?? "";
  return sentence ? ` Microsoft says: "${sentence}"` : "";
}

/** The AADSTS number a description starts with (`AADSTS65004: …`), for logs and decisions. */
export function aadstsCode(description: string | null | undefined): string | undefined {
  return /AADSTS(\d+)/.exec(description ?? "")?.[1];
}
