import type { FastifyInstance } from "fastify";
import { listUserOrganizations } from "../../orgs/list-organizations.ts";
import { html } from "../html.ts";
import { sendPage, type WebContext } from "../web-context.ts";

/** The start page: a welcome when signed out, the user's organizations when signed in. */
export function homePage(app: FastifyInstance, context: WebContext) {
  app.get("/", async (request, reply) => {
    const viewer = request.viewer;
    if (!viewer) {
      return sendPage(context, request, reply, {
        title: "Welcome",
        main: html`<section class="hero">
          <h1>confab is running</h1>
          <p class="lead">Zoom meetings on every event your scheduling software creates, without the
            software ever holding a Zoom credential.</p>
          <p><a class="button button-primary" href="/sign-in">Sign in</a></p>
        </section>
        <ul class="status-links">
          <li><a href="/healthz">Liveness</a>: the process answers.</li>
          <li><a href="/readyz">Readiness</a>: database, migrations and worker.</li>
        </ul>`,
      });
    }
    const organizations = await listUserOrganizations(context.db, viewer.id);
    const only = organizations[0];
    if (organizations.length === 1 && only && !viewer.isOperator) {
      return reply.redirect(`/o/${only.slug}`, 303);
    }
    return sendPage(context, request, reply, {
      title: "Your organizations",
      main: html`<h1>Your organizations</h1>
        ${
          organizations.length === 0
            ? html`<div class="empty-state">
                <p><strong>You are not in any organization yet.</strong></p>
                <p>An organization admin can invite you; the invitation link brings you in.</p>
                ${viewer.isOperator ? html`<p><a class="button button-primary" href="/operator">Create an organization</a></p>` : ""}
              </div>`
            : html`<ul class="card-list">
                ${organizations.map(
                  (o) => html`<li class="card">
                    <h2 class="card-title"><a href="/o/${o.slug}">${o.name}</a></h2>
                    <p class="muted">${o.role === "org_admin" ? "Organization admin" : "Member"}</p>
                  </li>`,
                )}
              </ul>`
        }`,
    });
  });
}
