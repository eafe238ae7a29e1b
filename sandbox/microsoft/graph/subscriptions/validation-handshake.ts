/**
 * The validation request Graph sends before it creates (or re-points) a subscription:
 * `POST {url}?validationToken={token}`, to be answered within 10 seconds with 200, a
 * `text/plain` body and the token as the whole body
 * (learn.microsoft.com/graph/change-notifications-delivery-webhooks, "Notification endpoint
 * validation"). Failures are refused with the errors Graph answers: 400 ValidationError
 * "Subscription validation request failed. Notification endpoint must respond with 200 OK to
 * validation request." (github.com/splunk/azure-functions-splunk/issues/26), "… Response must
 * exactly match validationToken query parameter." (github.com/microsoftgraph/java-spring-webhooks-sample/issues/82)
 * and 400 InvalidRequest "Subscription validation request timed out."
 * (github.com/microsoftgraph/nodejs-webhooks-sample/issues/350).
 */
import { GraphError } from "../graph-error.ts";
import { newToken } from "../identifiers.ts";

export const VALIDATION_TIMEOUT_MS = 10_000;

function withToken(url: string, token: string): string {
  const target = new URL(url);
  target.searchParams.set("validationToken", token);
  return target.toString();
}

/** Resolves when the endpoint echoed the token; throws the GraphError Graph would answer. */
export async function validateEndpoint(url: string): Promise<void> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${newToken(12)}`;
  let response: Response;
  try {
    response = await fetch(withToken(url, token), {
      method: "POST",
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: "",
      signal: AbortSignal.timeout(VALIDATION_TIMEOUT_MS),
    });
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") {
      throw new GraphError(400, "InvalidRequest", "Subscription validation request timed out.");
    }
    throw new GraphError(
      400,
      "ValidationError",
      "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.",
    );
  }
  const text = await response.text();
  if (response.status !== 200) {
    throw new GraphError(
      400,
      "ValidationError",
      "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.",
    );
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (text !== token || !contentType.toLowerCase().startsWith("text/plain")) {
    throw new GraphError(
      400,
      "ValidationError",
      "Subscription validation request failed. Response must exactly match validationToken query parameter.",
    );
  }
}

/** Node's fetch needs a URL it can parse; anything else is refused before any request. */
export function checkUrl(name: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new GraphError(400, "InvalidRequest", `'${name}' is required and must be a URL.`);
  }
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("scheme");
  } catch {
    throw new GraphError(400, "InvalidRequest", `Invalid '${name}' value: '${value}'.`);
  }
  return value;
}
