import type { FastifyInstance } from "fastify";
import { authorizeInOrg } from "../../authorization/policy.ts";
import { html } from "../html.ts";
import { manageSections } from "../manage-sections.ts";
import { requireOrgAccess, sendPage, type WebContext } from "../web-context.ts";

/** Manage: the organization admin's starting point, one card per section. */
export function managePage(app: FastifyInstance, context: WebContext) {
  app.get("/o/:org/manage", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    authorizeInOrg(access, "manage.view");
    const slug = access.organization.slug;
    return sendPage(context, request, reply, {
      title: `Manage ${access.organization.name}`,
      access,
      manageSection: "",
      main: html`<h1>Manage ${access.organization.name}</h1>
        <ul class="card-grid">
          ${manageSections.map(
            (s) => html`<li class="card">
              <h2 class="card-title"><a href="/o/${slug}/manage/${s.path}">${s.label}</a></h2>
              <p class="muted">${s.summary}</p>
            </li>`,
          )}
        </ul>`,
    });
  });
}
