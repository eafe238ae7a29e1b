import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { authorizeInOrg, authorizeOperator } from "../../authorization/policy.ts";
import { loadOperationsOverview } from "../../operations/load-operations-overview.ts";
import {
  instanceScope,
  type OperationsScope,
  organizationScope,
} from "../../operations/operations-scope.ts";
import { retryProvisioning } from "../../operations/retry-provisioning.ts";
import { createProviders } from "../../providers/registry.ts";
import { notice } from "../forms.ts";
import { type Html, html } from "../html.ts";
import { operationsDashboard } from "../operations-dashboard.ts";
import {
  actorOfViewer,
  auditActorOf,
  csrfToken,
  requireOrgAccess,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";

const retried =
  "Retry queued. The event moves to assigned once its provider makes the meeting; if it fails again, it stays here with the new reason.";

/**
 * The operations dashboard: Manage → Operations for an organization's admins, and
 * /operator/operations across every organization for the operator.
 */
export function operationsPages(app: FastifyInstance, context: WebContext) {
  const providers = createProviders(context.config, context.db);
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    scope: OperationsScope,
    page: { base: string; heading: Html; operator: boolean },
  ) => {
    const overview = await loadOperationsOverview(context.db, providers, scope);
    const query = request.query as { retried?: unknown };
    return html`${page.heading}
      ${notice(query.retried === "1" ? retried : undefined)}
      ${operationsDashboard(overview, {
        csrfToken: csrfToken(reply),
        retryBase: `${page.base}/events`,
        showOrganization: page.operator,
        showSummaries: !page.operator,
      })}`;
  };

  app.get("/o/:org/manage/operations", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    authorizeInOrg(access, "operations.view");
    const base = `/o/${access.organization.slug}/manage/operations`;
    const main = await render(request, reply, organizationScope(access.organization.id), {
      base,
      operator: false,
      heading: html`<h1>Operations</h1>
        <p class="lead">How ${access.organization.name}'s meetings are being made: what is
          failing and why, the health of each provider connection (Zoom, Microsoft Teams), and
          each host's budget at its provider.</p>`,
    });
    return sendPage(context, request, reply, {
      title: "Operations",
      access,
      manageSection: "operations",
      main,
    });
  });

  app.post("/o/:org/manage/operations/events/:event/retry", async (request, reply) => {
    const viewer = requireViewer(request);
    const access = await requireOrgAccess(context, request);
    authorizeInOrg(access, "operations.retry");
    await retryProvisioning(context.db, providers, organizationScope(access.organization.id), {
      eventId: (request.params as { event: string }).event,
      actor: auditActorOf(viewer),
    });
    return reply.redirect(`/o/${access.organization.slug}/manage/operations?retried=1`, 303);
  });

  app.get("/operator/operations", async (request, reply) => {
    authorizeOperator(actorOfViewer(requireViewer(request)), "operations.view");
    const main = await render(request, reply, instanceScope, {
      base: "/operator/operations",
      operator: true,
      heading: html`<p class="breadcrumb"><a href="/operator">Operator</a></p>
        <h1>Operations</h1>
        <p class="lead">Meetings across every organization on this confab instance. For metrics
          to scrape, see <code>/metrics</code>.</p>`,
    });
    return sendPage(context, request, reply, { title: "Operations", main });
  });

  app.post("/operator/operations/events/:event/retry", async (request, reply) => {
    const viewer = requireViewer(request);
    authorizeOperator(actorOfViewer(viewer), "operations.retry");
    await retryProvisioning(context.db, providers, instanceScope, {
      eventId: (request.params as { event: string }).event,
      actor: auditActorOf(viewer),
    });
    return reply.redirect("/operator/operations?retried=1", 303);
  });
}
