import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { normalizeEmail } from "../../accounts/email-address.ts";
import { authorizeOperator } from "../../authorization/policy.ts";
import { DomainError } from "../../domain-error.ts";
import { createOrganization } from "../../orgs/create-organization.ts";
import { inviteMember } from "../../orgs/invitations.ts";
import { listOrganizations } from "../../orgs/list-organizations.ts";
import { elevatedOrgAccess } from "../../orgs/load-org-access.ts";
import { addMember } from "../../orgs/members.ts";
import { setIntegrationsEnabled } from "../../orgs/set-integrations-enabled.ts";
import { csrfInput, type FieldErrors, field, formAlert, postButton, textOf } from "../forms.ts";
import { type Html, html } from "../html.ts";
import { invitationNotMailed } from "../invitation-not-mailed.ts";
import {
  actorOfViewer,
  auditActorOf,
  csrfToken,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";

interface FormState {
  values?: Record<string, string>;
  errors?: FieldErrors;
  error?: string;
  done?: Html;
  status?: number;
}

/** The operator's console: organizations and the integrations switch of each. */
export function operatorPages(app: FastifyInstance, context: WebContext) {
  const page = async (request: FastifyRequest, reply: FastifyReply, state: FormState = {}) => {
    authorizeOperator(actorOfViewer(requireViewer(request)), "organizations.create");
    const organizations = await listOrganizations(context.db);
    const token = csrfToken(reply);
    return sendPage(context, request, reply, {
      title: "Operator",
      status: state.status,
      main: html`<h1>Operator</h1>
        <p class="lead">Organizations on this confab instance. Integrations (such as Zoom for a
          whole organization) are available to an organization only once you enable them.</p>
        <p><a class="button button-quiet" href="/operator/operations">Operations dashboard</a>
          <span class="muted small">meetings, failures and Zoom connections across every organization</span></p>
        <p><a class="button button-quiet" href="/operator/mail">Mail</a>
          <span class="muted small">${context.outbox.on ? "what was sent, what waits and what failed" : "mail is off on this instance"}</span></p>
        <p><a class="button button-quiet" href="/operator/applications">Applications</a>
          <span class="muted small">each application's requests, calendars, grants and waiting notifications</span></p>
        ${state.done ? html`<div class="alert alert-ok" role="status">${state.done}</div>` : ""}
        <section class="panel" aria-labelledby="orgs-heading">
          <h2 id="orgs-heading">Organizations</h2>
          ${
            organizations.length === 0
              ? html`<div class="empty-state"><p><strong>No organizations yet.</strong></p>
                  <p>Create the first one below.</p></div>`
              : html`<table class="table">
                  <thead><tr><th scope="col">Organization</th><th scope="col">Admins</th>
                    <th scope="col">Members</th><th scope="col">Integrations</th></tr></thead>
                  <tbody>
                    ${organizations.map(
                      (o) => html`<tr>
                        <th scope="row">${o.name}<br><span class="muted small">${o.slug}</span></th>
                        <td>${o.adminEmails.length ? o.adminEmails.join(", ") : html`<span class="muted">none yet</span>`}</td>
                        <td>${o.memberCount}</td>
                        <td class="actions">
                          <span class="badge ${o.integrationsEnabled ? "badge-on" : "badge-off"}">${o.integrationsEnabled ? "Enabled" : "Disabled"}</span>
                          ${postButton({
                            action: `/operator/organizations/${o.id}/integrations`,
                            label: o.integrationsEnabled ? "Disable" : "Enable",
                            accessibleLabel: `${o.integrationsEnabled ? "Disable" : "Enable"} integrations for ${o.name}`,
                            csrfToken: token,
                            fields: { enabled: o.integrationsEnabled ? "false" : "true" },
                          })}
                        </td>
                      </tr>`,
                    )}
                  </tbody>
                </table>`
          }
        </section>
        <section class="panel" aria-labelledby="create-heading">
          <h2 id="create-heading">Create an organization</h2>
          ${formAlert(state.error)}
          <form method="post" action="/operator/organizations" novalidate>
            ${csrfInput(token)}
            ${field({ label: "Name", name: "name", value: state.values?.name, errors: state.errors, required: true })}
            ${field({ label: "Slug", name: "slug", value: state.values?.slug, errors: state.errors, hint: "Its short name in addresses, like acme-mentoring. Leave empty to make one from the name." })}
            ${field({ label: "First organization admin (email)", name: "admin_email", type: "email", value: state.values?.admin_email, errors: state.errors, hint: "Added at once if they have a confirmed account; otherwise they are invited by mail." })}
            <button type="submit" class="button button-primary">Create organization</button>
          </form>
        </section>`,
    });
  };

  app.get("/operator", async (request, reply) => page(request, reply));

  app.post("/operator/organizations", async (request, reply) => {
    const viewer = requireViewer(request);
    authorizeOperator(actorOfViewer(viewer), "organizations.create");
    const values = {
      name: textOf(request.body, "name"),
      slug: textOf(request.body, "slug"),
      admin_email: textOf(request.body, "admin_email").trim(),
    };
    try {
      if (values.admin_email !== "" && normalizeEmail(values.admin_email) === undefined) {
        throw new DomainError("invalid_input", "The organization was not created.", {
          admin_email: "Enter an email address, like ada@example.com, or leave it empty.",
        });
      }
      const actor = auditActorOf(viewer);
      const org = await createOrganization(context.db, { ...values, actor });
      let done = html`Created ${org.name}.`;
      if (values.admin_email !== "") {
        try {
          await addMember(context.db, {
            organizationId: org.id,
            email: values.admin_email,
            role: "org_admin",
            actor,
          });
          done = html`Created ${org.name} with ${values.admin_email} as its admin.`;
        } catch (error) {
          // No account, or one whose address is unproven: only a mailed link may make an admin.
          if (!(error instanceof DomainError) || !["not_found", "conflict"].includes(error.kind)) {
            throw error;
          }
          const invited = await inviteMember(
            context.db,
            elevatedOrgAccess(org, actorOfViewer(viewer)),
            {
              email: values.admin_email,
              role: "org_admin",
              actor,
              inviterName: viewer.name || viewer.email,
              publicUrl: context.config.publicUrl,
              outbox: context.outbox,
            },
          );
          done = invited.mailed
            ? html`Created ${org.name}. ${invited.email} has no verified account here yet: an
                invitation to be its admin is on its way by mail.`
            : html`Created ${org.name}. ${invitationNotMailed(invited, true)}`;
        }
      }
      return page(request, reply, { done });
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields) throw error;
      return page(request, reply, {
        values,
        errors: error.fields,
        error: error.message,
        status: error.kind === "conflict" ? 409 : 400,
      });
    }
  });

  app.post("/operator/organizations/:id/integrations", async (request, reply) => {
    const viewer = requireViewer(request);
    authorizeOperator(actorOfViewer(viewer), "organizations.set_integrations");
    const enabled = textOf(request.body, "enabled");
    if (enabled !== "true" && enabled !== "false") {
      throw new DomainError("invalid_input", "Say whether to enable or disable integrations.");
    }
    await setIntegrationsEnabled(context.db, {
      organizationId: (request.params as { id: string }).id,
      enabled: enabled === "true",
      actor: auditActorOf(viewer),
    });
    return reply.redirect("/operator", 303);
  });
}
