import { recordGraphCall } from "../../metrics/record-graph-call.ts";
import { callProvider } from "../provider-http.ts";
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
  return callProvider<T, GraphCall>(
    {
      name: "Microsoft Graph",
      timeoutMs: options.timeoutMs,
      record: recordGraphCall,
      toError: toProviderError,
      parse: JSON.parse,
    },
    () => urlOf(options, call),
    accessToken,
    call,
  );
}
