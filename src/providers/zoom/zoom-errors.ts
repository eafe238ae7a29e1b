import { ProviderError } from "../provider-error.ts";
import { jitter, retryAfter } from "../retry-after.ts";

export interface ZoomErrorBody {
  code: number | undefined;
  message: string;
  errors: { field?: string; message?: string }[];
}

/** Zoom answers errors in JSON, and sometimes (observed) in XML: read both, and survive neither. */
export function readErrorBody(text: string): ZoomErrorBody {
  const trimmed = text.trim();
  if (trimmed.startsWith("<")) {
    const code = /<code>\s*(\d+)\s*<\/code>/i.exec(trimmed)?.[1];
    const message = /<message>([\s\S]*?)<\/message>/i.exec(trimmed)?.[1]?.trim();
    return {
      code: code === undefined ? undefined : Number(code),
      message: message ?? "",
      errors: [],
    };
  }
  try {
    const body = JSON.parse(trimmed) as { code?: unknown; message?: unknown; errors?: unknown };
    return {
      code: typeof body.code === "number" ? body.code : undefined,
      message: typeof body.message === "string" ? body.message : "",
      errors: Array.isArray(body.errors) ? body.errors : [],
    };
  } catch {
    return { code: undefined, message: "", errors: [] };
  }
}

/** The next 00:00 UTC, when Zoom's daily counts start again. */
export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/**
 * One Zoom error reply → one ProviderError kind. The message is for the person who must act:
 * Zoom's own words are kept, with what they mean for them.
 */
export function toProviderError(
  status: number,
  headers: Headers,
  text: string,
  now = new Date(),
): ProviderError {
  const body = readErrorBody(text);
  const details = { status, providerCode: body.code ?? status };
  const zoomSays = body.message ? ` Zoom says: "${body.message}"` : "";

  if (status === 429) {
    const daily =
      headers.get("x-ratelimit-type")?.toLowerCase() === "daily-limit" ||
      /daily/i.test(body.message);
    const at = daily
      ? (retryAfter(headers.get("retry-after"), now) ?? nextUtcMidnight(now))
      : (retryAfter(headers.get("retry-after"), now) ?? new Date(now.getTime() + 1000));
    return new ProviderError(
      "rate_limited",
      daily
        ? "The Zoom host has used today's 100 meeting creations and updates; confab resumes at 00:00 UTC."
        : "Zoom asked confab to slow down for a moment.",
      { ...details, retryAt: jitter(at) },
    );
  }
  if (status === 401 || body.code === 124) {
    return new ProviderError("token_expired", "Zoom refused the access token.", details);
  }
  if (body.code === 4711) {
    return new ProviderError(
      "connection_revoked",
      `The Zoom connection does not grant what confab needs; reconnect Zoom to grant it.${zoomSays}`,
      details,
    );
  }
  if (status === 404 && body.code === 3001) {
    return new ProviderError("not_found", "The meeting no longer exists in Zoom.", details);
  }
  if (status === 404 && body.code === 1001) {
    return new ProviderError(
      "rejected",
      `The host is not a user of the connected Zoom account.${zoomSays}`,
      details,
    );
  }
  if (status >= 500 || (body.code === undefined && !text.trim())) {
    return new ProviderError(
      "unavailable",
      `Zoom is not answering properly (HTTP ${status}).`,
      details,
    );
  }
  if (body.code === 3161) {
    return new ProviderError(
      "rejected",
      `Zoom does not let this user host meetings: their plan or account settings do not allow it.${zoomSays}`,
      details,
    );
  }
  if (body.code === 300 && body.errors.length > 0) {
    const fields = body.errors
      .map((e) => `${e.field ?? "?"}: ${e.message ?? "invalid"}`)
      .join("; ");
    return new ProviderError("rejected", `Zoom rejected the meeting details (${fields}).`, details);
  }
  if (status === 400 && body.code === undefined && !text.trim().startsWith("{")) {
    return new ProviderError(
      "unavailable",
      `Zoom sent an unreadable reply (HTTP ${status}).`,
      details,
    );
  }
  return new ProviderError(
    "rejected",
    `Zoom refused the request.${zoomSays || ` (HTTP ${status})`}`,
    details,
  );
}
