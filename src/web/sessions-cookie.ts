import type { FastifyReply, FastifyRequest } from "fastify";
import { sessionLifetimeMs } from "../accounts/sessions.ts";

/**
 * The session cookie: httpOnly, SameSite=Lax, and Secure (with the __Host- prefix, which pins it
 * to this host and path /) when confab is served over https.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-confab_session" : "confab_session";
}

export function readSessionCookie(request: FastifyRequest, secure: boolean): string | undefined {
  const value = request.cookies[sessionCookieName(secure)];
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

export function setSessionCookie(reply: FastifyReply, secure: boolean, sessionId: string): void {
  reply.setCookie(sessionCookieName(secure), sessionId, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
    maxAge: Math.floor(sessionLifetimeMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookieName(secure), {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
  });
}
