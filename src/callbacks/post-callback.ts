import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { CallbackTarget } from "./callback-target.ts";

export const callbackTimeouts = { connectMs: 2000, totalMs: 10_000 };

/** What the endpoint did with a callback: its status, or why there was none. */
export type CallbackOutcome = { status: number } | { problem: string };

/**
 * POSTs to the address that was checked, never to a fresh resolution of the name (which could
 * have changed since: DNS rebinding). TLS still verifies the certificate against the URL's host.
 * Redirects are not followed; the reply's body is not read beyond what closing it takes.
 */
export function postCallback(
  target: CallbackTarget,
  body: string,
  headers: Record<string, string>,
): Promise<CallbackOutcome> {
  const { url } = target;
  const secure = url.protocol === "https:";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const credentials =
    url.username !== ""
      ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
      : undefined;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: CallbackOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      resolve(outcome);
    };
    const request = (secure ? https : http).request({
      host: target.address,
      port: target.port,
      method: "POST",
      path: `${url.pathname}${url.search}`,
      headers: {
        host: url.host,
        "content-length": String(Buffer.byteLength(body)),
        ...headers,
      },
      ...(credentials ? { auth: credentials } : {}),
      ...(secure && net.isIP(host) === 0 ? { servername: host } : {}),
      agent: false,
    });
    const connectTimer = setTimeout(() => {
      finish({ problem: `no connection within ${callbackTimeouts.connectMs / 1000} s` });
      request.destroy();
    }, callbackTimeouts.connectMs);
    const totalTimer = setTimeout(() => {
      finish({ problem: `no answer within ${callbackTimeouts.totalMs / 1000} s` });
      request.destroy();
    }, callbackTimeouts.totalMs);
    request.on("socket", (socket) => {
      socket.once(secure ? "secureConnect" : "connect", () => clearTimeout(connectTimer));
    });
    request.on("response", (response) => {
      finish({ status: response.statusCode ?? 0 });
      response.resume();
      response.on("error", () => undefined);
      request.destroy();
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      finish({ problem: connectionProblem(error) });
    });
    request.end(body);
  });
}

/** In words, without the URL (which may carry credentials) or a stack. */
function connectionProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ECONNREFUSED":
      return "refused the connection";
    case "ECONNRESET":
      return "closed the connection";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "is unreachable";
    case "CERT_HAS_EXPIRED":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return `has a certificate that cannot be trusted (${error.code})`;
    default:
      return `could not be reached (${error.code ?? "connection error"})`;
  }
}
