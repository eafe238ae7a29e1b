/** `/signin` and `/signout`: the session the sandbox's Microsoft pages use. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { registerSignInRoutes as register } from "../../common/sign-in-routes.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { findUserBySignInName, type User } from "../state.ts";
import { signInPage } from "./sign-in-page.ts";
import { signedInUser, signIn, signOut } from "./sign-in-session.ts";

/** The signed-in user, or undefined once the browser has been sent to sign in. */
export function requireUser(
  context: SandboxContext,
  request: FastifyRequest,
  reply: FastifyReply,
  next: string,
): User | undefined {
  const user = signedInUser(context, request);
  if (user === undefined) reply.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
  return user;
}

export function registerSignInRoutes(server: FastifyInstance, context: SandboxContext): void {
  register(server, {
    home: "/myapps",
    findUser: (name) => findUserBySignInName(context.state, name),
    unknownUser: "We couldn't find an account with that username.",
    page: signInPage,
    signIn: (reply, user) => signIn(context, reply, user),
    signOut: (request, reply) => signOut(context, request, reply),
  });
}
