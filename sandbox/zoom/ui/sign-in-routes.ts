/** `/signin` and `/signout`: the session Zoom's web pages (Marketplace, start links) use. */
import type { FastifyInstance } from "fastify";
import type { SandboxContext } from "../sandbox-context.ts";
import { findUserByEmail } from "../state.ts";
import { showPage } from "./show-page.ts";
import { signInPage } from "./sign-in-page.ts";
import { localPath, signIn, signOut } from "./sign-in-session.ts";

export function registerSignInRoutes(server: FastifyInstance, context: SandboxContext): void {
  server.get<{ Querystring: { next?: string } }>("/signin", async (request, reply) =>
    showPage(reply, 200, signInPage({ next: localPath(request.query.next ?? "/marketplace") })),
  );

  server.post<{ Body: { email?: string; next?: string } }>("/signin", async (request, reply) => {
    const body = request.body ?? {};
    const next = localPath(body.next ?? "/marketplace");
    const email = (body.email ?? "").trim();
    const user = findUserByEmail(context.state, email);
    if (user === undefined) {
      const problem = "No Zoom user has this email address.";
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
