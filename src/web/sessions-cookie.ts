import type { FastifyReply, FastifyRequest } from "fastify";
import { sessionMaxAgeMs } from "../accounts/sessions.ts";

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
    // The browser may keep it as long as the session could last; the database decides sooner
    // (14 days unused, or 30 days after sign-in, see src/accounts/sessions.ts).
    maxAge: Math.floor(sessionMaxAgeMs / 1000),
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
