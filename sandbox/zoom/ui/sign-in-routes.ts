/** `/signin` and `/signout`: the session Zoom's web pages (Marketplace, start links) use. */
import type { FastifyInstance } from "fastify";
import { registerSignInRoutes as register } from "../../common/sign-in-routes.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { findUserByEmail } from "../state.ts";
import { signInPage } from "./sign-in-page.ts";
import { signIn, signOut } from "./sign-in-session.ts";

export function registerSignInRoutes(server: FastifyInstance, context: SandboxContext): void {
  register(server, {
    home: "/marketplace",
    findUser: (email) => findUserByEmail(context.state, email),
    unknownUser: "No Zoom user has this email address.",
    page: signInPage,
    signIn: (reply, user) => signIn(context, reply, user),
    signOut: (request, reply) => signOut(context, request, reply),
  });
}
