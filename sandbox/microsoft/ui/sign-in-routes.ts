/** `/signin` and `/signout`: the session the sandbox's Microsoft pages use. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SandboxContext } from "../sandbox-context.ts";
import { findUserBySignInName, type User } from "../state.ts";
import { showPage } from "./show-page.ts";
import { signInPage } from "./sign-in-page.ts";
import { localPath, signedInUser, signIn, signOut } from "./sign-in-session.ts";

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
  server.get<{ Querystring: { next?: string } }>("/signin", async (request, reply) =>
    showPage(reply, 200, signInPage({ next: localPath(request.query.next ?? "/myapps") })),
  );

  server.post<{ Body: { email?: string; next?: string } }>("/signin", async (request, reply) => {
    const body = request.body ?? {};
    const next = localPath(body.next ?? "/myapps");
    const email = (body.email ?? "").trim();
    const user = findUserBySignInName(context.state, email);
    if (user === undefined) {
      const problem = "We couldn't find an account with that username.";
      return showPage(reply, 200, signInPage({ next, email, problem }));
    }
    signIn(context, reply, user);
    return reply.redirect(next, 303);
  });

  server.post("/signout", async (request, reply) => {
    signOut(context, request, reply);
    return reply.redirect("/signin", 303);
  });
}
