import { recordZoomCall } from "../../metrics/record-zoom-call.ts";
import { ProviderError } from "../provider-error.ts";
import { toProviderError } from "./zoom-errors.ts";

export interface ZoomApiOptions {
  baseUrl: string;
  timeoutMs: number;
}

export interface ZoomCall {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/**
 * Meeting ids are int64 in Zoom's API and may exceed what a JavaScript number holds exactly:
 * they are read from the JSON text itself, as strings.
 */
function parseJson(text: string): unknown {
  return JSON.parse(text, (key, value, context?: { source?: string }) =>
    (key === "id" || key === "meeting_id") && typeof value === "number" && context?.source
      ? context.source
      : value,
  );
}

/**
 * One call to Zoom's REST API, bounded by a timeout. Every failure comes out as a ProviderError;
 * a create that may have reached Zoom before the answer was lost comes out as "ambiguous".
 */
export async function callZoom<T>(
  options: ZoomApiOptions,
  accessToken: string,
  call: ZoomCall,
): Promise<{ status: number; body: T | undefined }> {
  const url = new URL(`${options.baseUrl}${call.path}`);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  let response: Response;
  let text: string;
  const started = performance.now();
  try {
    response = await fetch(url, {
      method: call.method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: "application/json",
        ...(call.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: call.body === undefined ? null : JSON.stringify(call.body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    recordZoomCall(call, timedOut ? "timeout" : "network", started);
    throw transportError(call, error);
  }
  recordZoomCall(call, String(response.status), started);
  if (response.status >= 400) throw toProviderError(response.status, response.headers, text);
  if (!text.trim()) return { status: response.status, body: undefined };
  try {
    return { status: response.status, body: parseJson(text) as T };
  } catch (error) {
    // A success status with a body we cannot read: for a create, Zoom may have made the meeting.
    throw new ProviderError(
      call.method === "POST" ? "ambiguous" : "unavailable",
      "Zoom sent a reply confab cannot read.",
      { status: response.status, cause: error },
    );
  }
}

function transportError(call: ZoomCall, error: unknown): ProviderError {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  // Refused or unresolvable: the request never left, so it is safe to simply try again.
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new ProviderError("unavailable", "Zoom could not be reached.", { cause: error });
  }
  const timedOut = (error as Error).name === "TimeoutError";
  const message = timedOut ? "Zoom did not answer in time." : "The connection to Zoom was lost.";
  // GET, PATCH and DELETE can be repeated safely; a POST may have created something.
  return new ProviderError(call.method === "POST" ? "ambiguous" : "unavailable", message, {
    cause: error,
  });
}
