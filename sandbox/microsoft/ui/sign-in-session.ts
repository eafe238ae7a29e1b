/**
 * Who is signed in to the sandbox's Microsoft pages (sign-in, consent, My Apps, Enterprise
 * applications). A sandbox user signs in by user principal name or email alone; the session is
 * a random cookie, kept in memory for one run (a saved state holds the directory, not browsers).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { newSecret } from "../identifiers.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { User } from "../state.ts";

const COOKIE = "microsoft_sandbox_session";
const sessionsOf = new WeakMap<SandboxContext, Map<string, string>>();

function sessions(context: SandboxContext): Map<string, string> {
  let map = sessionsOf.get(context);
  if (map === undefined) {
    map = new Map();
    sessionsOf.set(context, map);
  }
  return map;
}

function sessionCookie(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === COOKIE) return value.join("=");
  }
  return undefined;
}

/** The signed-in user; none once the sandbox is reset and the user is gone. */
export function signedInUser(context: SandboxContext, request: FastifyRequest): User | undefined {
  const token = sessionCookie(request);
  const userId = token === undefined ? undefined : sessions(context).get(token);
  return userId === undefined ? undefined : context.state.users.get(userId);
}

export function signIn(context: SandboxContext, reply: FastifyReply, user: User): void {
  const token = newSecret(32);
  sessions(context).set(token, user.id);
  // SameSite=Lax keeps other sites from posting a removal in the person's name.
  reply.header("set-cookie", `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax`);
}

export function signOut(context: SandboxContext, request: FastifyRequest, reply: FastifyReply) {
  const token = sessionCookie(request);
  if (token !== undefined) sessions(context).delete(token);
  reply.header("set-cookie", `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
}

/** Where to go after signing in: a path on the sandbox, never another site. */
export function localPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/")) return "/";
  const base = "http://sandbox.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return "/";
  }
  // Resolved as a browser resolves a Location header, so `/\evil` or `/.//evil` cannot leave.
  if (url.origin !== base || url.pathname.startsWith("//")) return "/";
  return `${url.pathname}${url.search}`;
}
