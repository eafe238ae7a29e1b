/** `/signin` and `/signout`: the session a sandbox's web pages use (see sign-in-session.ts). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { showPage } from "./show-page.ts";
import { localPath } from "./sign-in-session.ts";

export interface SignInInput {
  /** Where the browser goes once signed in. */
  next: string;
  email?: string;
  problem?: string;
}

export interface SignInPages<User> {
  /** Where signing in leads when the link does not say. */
  home: string;
  /** The user a sign-in name belongs to, as the provider reads names. */
  findUser(name: string): User | undefined;
  /** The provider's words for a name no user has. */
  unknownUser: string;
  page(input: SignInInput): string;
  signIn(reply: FastifyReply, user: User): void;
  signOut(request: FastifyRequest, reply: FastifyReply): void;
}

export function registerSignInRoutes<User>(server: FastifyInstance, pages: SignInPages<User>) {
  server.get<{ Querystring: { next?: string } }>("/signin", async (request, reply) =>
    showPage(reply, 200, pages.page({ next: localPath(request.query.next ?? pages.home) })),
  );

  server.post<{ Body: { email?: string; next?: string } }>("/signin", async (request, reply) => {
    const body = request.body ?? {};
    const next = localPath(body.next ?? pages.home);
    const email = (body.email ?? "").trim();
    const user = pages.findUser(email);
    if (user === undefined) {
      return showPage(reply, 200, pages.page({ next, email, problem: pages.unknownUser }));
    }
    pages.signIn(reply, user);
    return reply.redirect(next, 303);
  });

  server.post("/signout", async (request, reply) => {
    pages.signOut(request, reply);
    return reply.redirect("/signin", 303);
  });
}
