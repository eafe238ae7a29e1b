import type { FastifyInstance } from "fastify";
import { listUserOrganizations } from "../../orgs/list-organizations.ts";
import { html } from "../html.ts";
import { sendPage, type WebContext } from "../web-context.ts";

/** The start page: a welcome when signed out, the user's organizations when signed in. */
export function homePage(app: FastifyInstance, context: WebContext) {
  app.get<{ Querystring: { last_linked_profile_id?: string; error?: string } }>(
    "/",
    async (request, reply) => {
      const viewer = request.viewer;
      // The demo application's hosted link returns here, as an application's own page would.
      const { last_linked_profile_id: linked, error } = request.query;
      if (linked !== undefined || error === "access_denied") {
        return sendPage(context, request, reply, {
          title: linked ? "Conferencing connected" : "Conferencing not connected",
          main: html`<section class="panel narrow">
          <h1>${linked ? "Your conferencing is connected" : "Nothing was connected"}</h1>
          <p>${
            linked
              ? "The application can now add Zoom meetings to the events it makes for you. You can close this page."
              : "You did not finish connecting a conferencing service; the application can send you a new link."
          }</p>
          ${
            context.demo
              ? html`<p class="muted small">This is the page the demo application sends people back
                  to; a real application sends them to its own.</p>`
              : ""
          }
        </section>`,
        });
      }
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
            ? ""
            : html`<p><a class="button button-quiet" href="/meetings">My meetings</a>
          <span class="muted small">Every meeting you are on, in all your organizations.</span></p>`
        }
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
    },
  );
}
