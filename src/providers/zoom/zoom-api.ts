import { recordZoomCall } from "../../metrics/record-zoom-call.ts";
import { callProvider } from "../provider-http.ts";
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
  return callProvider<T, ZoomCall>(
    {
      name: "Zoom",
      timeoutMs: options.timeoutMs,
      record: recordZoomCall,
      toError: toProviderError,
      parse: parseJson,
    },
    () => url,
    accessToken,
    call,
  );
}
