import type { FastifyInstance } from "fastify";
import { authorizeInOrg } from "../../authorization/policy.ts";
import { listOperatorEmails } from "../../orgs/list-organizations.ts";
import { html } from "../html.ts";
import { requireOrgAccess, sendPage, type WebContext } from "../web-context.ts";

/** Manage → Integrations: conferencing services installed for the whole organization. */
export function integrationsPage(app: FastifyInstance, context: WebContext) {
  app.get("/o/:org/manage/integrations", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    authorizeInOrg(access, "integrations.view");
    let body: ReturnType<typeof html>;
    if (access.organization.integrationsEnabled) {
      body = html`<p class="lead">Install a conferencing service once for everyone in
          ${access.organization.name}; then enable it for the programs that should offer it.</p>
        <ul class="card-list">
          <!-- The organization's Zoom card goes here (installed state, Install / Remove). -->
          <li class="card card-placeholder" data-placeholder="zoom-integration">
            <h2 class="card-title">Zoom</h2>
            <p class="muted">Installing Zoom for the organization will be offered here.</p>
          </li>
        </ul>`;
    } else {
      const operators = await listOperatorEmails(context.db);
      body = html`<div class="empty-state">
        <p><strong>Integrations are not enabled for ${access.organization.name}.</strong></p>
        <p>Ask your confab operator to enable them${
          operators.length > 0
            ? html`: ${operators.map((email, i) => html`${i > 0 ? ", " : ""}<a href="mailto:${email}">${email}</a>`)}`
            : ""
        }.</p>
      </div>`;
    }
    return sendPage(context, request, reply, {
      title: "Integrations",
      access,
      manageSection: "integrations",
      main: html`<h1>Integrations</h1>${body}`,
    });
  });
}
