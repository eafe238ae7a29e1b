import { recordGraphCall } from "../../metrics/record-graph-call.ts";
import { ProviderError } from "../provider-error.ts";
import { toProviderError } from "./microsoft-errors.ts";

export interface GraphOptions {
  /** Graph's host; `/v1.0` follows it. */
  baseUrl: string;
  timeoutMs: number;
}

export interface GraphCall {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** After `/v1.0`, e.g. `/me/events`. */
  path: string;
  /** OData options (`$filter`, `$select`) and others; encoded with %20 for spaces, as Graph asks. */
  query?: Record<string, string>;
  body?: unknown;
}

function urlOf(options: GraphOptions, call: GraphCall): string {
  const query = Object.entries(call.query ?? {})
    .map(([name, value]) => `${name.replace(/[^$\w]/g, "")}=${encodeURIComponent(value)}`)
    .join("&");
  return `${options.baseUrl}/v1.0${call.path}${query ? `?${query}` : ""}`;
}

/**
 * One call to Microsoft Graph, bounded by a timeout. Every failure comes out as a ProviderError;
 * a create that may have reached Graph before the answer was lost comes out as "ambiguous".
 * Nothing of the token or the body goes into an error.
 */
export async function callGraph<T>(
  options: GraphOptions,
  accessToken: string,
  call: GraphCall,
): Promise<{ status: number; body: T | undefined }> {
  let response: Response;
  let text: string;
  const started = performance.now();
  try {
    response = await fetch(urlOf(options, call), {
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
    recordGraphCall(
      call,
      (error as Error).name === "TimeoutError" ? "timeout" : "network",
      started,
    );
    throw transportError(call, error);
  }
  recordGraphCall(call, String(response.status), started);
  if (response.status >= 400) throw toProviderError(response.status, response.headers, text);
  if (!text.trim()) return { status: response.status, body: undefined };
  try {
    return { status: response.status, body: JSON.parse(text) as T };
  } catch (error) {
    // A success status with a body we cannot read: for a create, Graph may have made the event.
    throw new ProviderError(
      call.method === "POST" ? "ambiguous" : "unavailable",
      "Microsoft Graph sent a reply confab cannot read.",
      { status: response.status, cause: error },
    );
  }
}

function transportError(call: GraphCall, error: unknown): ProviderError {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  // Refused or unresolvable: the request never left, so it is safe to simply try again.
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new ProviderError("unavailable", "Microsoft Graph could not be reached.", {
      cause: error,
    });
  }
  const timedOut = (error as Error).name === "TimeoutError";
  const message = timedOut
    ? "Microsoft Graph did not answer in time."
    : "The connection to Microsoft Graph was lost.";
  // GET, PATCH and DELETE can be repeated safely; a POST may have created something.
  return new ProviderError(call.method === "POST" ? "ambiguous" : "unavailable", message, {
    cause: error,
  });
}
