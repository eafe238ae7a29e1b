import { ProviderError } from "./provider-error.ts";

export interface ProviderCall {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
}

/** What differs from one provider's REST API to another's around the same timed call. */
export interface ProviderApi<Call extends ProviderCall> {
  /** The API as people know it, for messages: "Zoom", "Microsoft Graph". */
  name: string;
  timeoutMs: number;
  /** Counts the call: `status` is the HTTP status, or why there is none ("timeout", "network"). */
  record(call: Call, status: string, startedAt: number): void;
  /** The provider's error reply (status 400 and up) as a ProviderError. */
  toError(status: number, headers: Headers, text: string): ProviderError;
  parse(text: string): unknown;
}

/**
 * One call to a provider's REST API, bounded by a timeout. Every failure comes out as a
 * ProviderError; a create that may have reached the provider before the answer was lost comes
 * out as "ambiguous". Nothing of the token or the body goes into an error. `url` is made within
 * the call, so that a path that cannot be written fails as the call does.
 */
export async function callProvider<T, Call extends ProviderCall>(
  api: ProviderApi<Call>,
  url: () => string | URL,
  accessToken: string,
  call: Call,
): Promise<{ status: number; body: T | undefined }> {
  let response: Response;
  let text: string;
  const started = performance.now();
  try {
    response = await fetch(url(), {
      method: call.method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: "application/json",
        ...(call.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: call.body === undefined ? null : JSON.stringify(call.body),
      signal: AbortSignal.timeout(api.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    api.record(call, timedOut ? "timeout" : "network", started);
    throw transportError(api.name, call, error);
  }
  api.record(call, String(response.status), started);
  if (response.status >= 400) throw api.toError(response.status, response.headers, text);
  if (!text.trim()) return { status: response.status, body: undefined };
  try {
    return { status: response.status, body: api.parse(text) as T };
  } catch (error) {
    // A success status with a body we cannot read: for a create, the provider may have made it.
    throw new ProviderError(
      call.method === "POST" ? "ambiguous" : "unavailable",
      `${api.name} sent a reply confab cannot read.`,
      { status: response.status, cause: error },
    );
  }
}

function transportError(name: string, call: ProviderCall, error: unknown): ProviderError {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  // Refused or unresolvable: the request never left, so it is safe to simply try again.
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new ProviderError("unavailable", `${name} could not be reached.`, { cause: error });
  }
  const timedOut = (error as Error).name === "TimeoutError";
  const message = timedOut
    ? `${name} did not answer in time.`
    : `The connection to ${name} was lost.`;
  // GET, PATCH and DELETE can be repeated safely; a POST may have created something.
  return new ProviderError(call.method === "POST" ? "ambiguous" : "unavailable", message, {
    cause: error,
  });
}
