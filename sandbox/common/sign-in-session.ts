/**
 * Who is signed in to a sandbox's web pages. A sandbox user signs in by name alone; the session
 * is a random cookie, kept in memory for one run (a saved state holds the provider's data, not
 * browsers). Sessions belong to one running sandbox, the `owner`.
 */
import { randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

export interface SignInSessions<Owner extends object, User extends { id: string }> {
  /** The signed-in user; none once the sandbox is reset and the user is gone. */
  signedInUser(owner: Owner, request: FastifyRequest): User | undefined;
  signIn(owner: Owner, reply: FastifyReply, user: User): void;
  signOut(owner: Owner, request: FastifyRequest, reply: FastifyReply): void;
}

/** `findUser` reads a user of the owner's state by id. */
export function createSignInSessions<Owner extends object, User extends { id: string }>(
  cookie: string,
  findUser: (owner: Owner, userId: string) => User | undefined,
): SignInSessions<Owner, User> {
  const sessionsOf = new WeakMap<Owner, Map<string, string>>();

  const sessions = (owner: Owner): Map<string, string> => {
    let map = sessionsOf.get(owner);
    if (map === undefined) {
      map = new Map();
      sessionsOf.set(owner, map);
    }
    return map;
  };

  const sessionCookie = (request: FastifyRequest): string | undefined => {
    for (const part of (request.headers.cookie ?? "").split(";")) {
      const [name, ...value] = part.trim().split("=");
      if (name === cookie) return value.join("=");
    }
    return undefined;
  };

  return {
    signedInUser(owner, request) {
      const token = sessionCookie(request);
      const userId = token === undefined ? undefined : sessions(owner).get(token);
      return userId === undefined ? undefined : findUser(owner, userId);
    },
    signIn(owner, reply, user) {
      const token = randomBytes(32).toString("base64url");
      sessions(owner).set(token, user.id);
      // SameSite=Lax keeps other sites from posting a change in the person's name.
      reply.header("set-cookie", `${cookie}=${token}; Path=/; HttpOnly; SameSite=Lax`);
    },
    signOut(owner, request, reply) {
      const token = sessionCookie(request);
      if (token !== undefined) sessions(owner).delete(token);
      reply.header("set-cookie", `${cookie}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    },
  };
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
