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
import { submitOnce } from "../../submissions/submit-once.ts";
import { takeShownOnce } from "../../submissions/take-shown-once.ts";
import { csrfInput, type FieldErrors, field, formAlert, postButton, textOf } from "../forms.ts";
import { type Html, html } from "../html.ts";
import {
  type OrganizationCreated,
  organizationCreatedNotice,
} from "../organization-created-notice.ts";
import { submissionKeyInput, submissionOf } from "../submission-key.ts";
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

const createdPath = (organizationId: string) =>
  `/operator?created=${encodeURIComponent(organizationId)}`;

/**
 * The operator's console: organizations and the integrations switch of each. Each
 * organization's own page (its admins, its suspension) is in operator-organization-pages.ts.
 */
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
          whole organization) are available to an organization only once you enable them. Open an
          organization to add or replace its admins, or to suspend it.</p>
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
                        <th scope="row"><a href="/operator/organizations/${o.id}">${o.name}</a>${o.suspension ? html` <span class="badge badge-broken" title="${o.suspension.reason}">Suspended</span>` : ""}<br><span class="muted small">${o.slug}</span></th>
                        <td>${o.adminEmails.length ? o.adminEmails.join(", ") : html`<span class="muted">none yet</span>`}</td>
                        <td>${o.memberCount}</td>
                        <td class="actions">
                          <span class="badge ${o.integrationsEnabled ? "badge-on" : "badge-off"}">${o.integrationsEnabled ? "Enabled" : "Disabled"}</span>
                          ${
                            o.integrationsEnabled
                              ? html`<a class="button button-quiet" href="/operator/organizations/${o.id}/integrations/disable">Disable<span class="visually-hidden"> integrations for ${o.name}</span></a>`
                              : postButton({
                                  action: `/operator/organizations/${o.id}/integrations`,
                                  label: "Enable",
                                  accessibleLabel: `Enable integrations for ${o.name}`,
                                  csrfToken: token,
                                  fields: { enabled: "true" },
                                })
                          }
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
            ${submissionKeyInput()}
            ${field({ label: "Name", name: "name", value: state.values?.name, errors: state.errors, required: true })}
            ${field({ label: "Slug", name: "slug", value: state.values?.slug, errors: state.errors, hint: "Its short name in addresses, like acme-mentoring. Leave empty to make one from the name." })}
            ${field({ label: "First organization admin (email)", name: "admin_email", type: "email", value: state.values?.admin_email, errors: state.errors, hint: "Added at once if they have a confirmed account; otherwise they are invited by mail." })}
            <button type="submit" class="button button-primary">Create organization</button>
          </form>
        </section>`,
    });
  };

  app.get<{ Querystring: { saved?: string; organization?: string; created?: string } }>(
    "/operator",
    async (request, reply) => {
      // What creating an organization did, said once: it may hold an invitation link to pass on.
      if (typeof request.query.created === "string") {
        const said = await takeShownOnce(context.db, context.vault, {
          userId: requireViewer(request).id,
          resultPath: createdPath(request.query.created),
        });
        if (said !== undefined) {
          const created = JSON.parse(said) as OrganizationCreated;
          return page(request, reply, { done: organizationCreatedNotice(created) });
        }
      }
      const { saved, organization: id } = request.query;
      // After the integrations switch: the organization's name is read back, not taken from the URL.
      const organization =
        saved === "integrations-enabled" || saved === "integrations-disabled"
          ? (await listOrganizations(context.db)).find((o) => o.id === id)
          : undefined;
      if (!organization) return page(request, reply);
      return page(request, reply, {
        done:
          saved === "integrations-enabled"
            ? html`Integrations are enabled for ${organization.name}: its organization admins
                can install Zoom under Manage → Integrations.`
            : html`Integrations are disabled for ${organization.name}. What is installed keeps
                working; its organization admins are told to ask you.`,
      });
    },
  );

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
      const { resultPath } = await submitOnce(
        context.db,
        context.vault,
        submissionOf(request, "organization.create"),
        async (trx) => {
          const org = await createOrganization(trx, { ...values, actor });
          const created: OrganizationCreated = { name: org.name };
          if (values.admin_email !== "") {
            try {
              await addMember(trx, {
                organizationId: org.id,
                email: values.admin_email,
                role: "org_admin",
                actor,
              });
              created.admin = { email: values.admin_email, outcome: "added" };
            } catch (error) {
              // No account, or one whose address is unproven: only a mailed link may make an
              // admin. addMember refuses before writing, so the transaction carries on.
              const refused = error instanceof DomainError;
              if (!refused || !["not_found", "conflict"].includes(error.kind)) throw error;
              const invited = await inviteMember(
                trx,
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
              created.admin = {
                email: invited.email,
                outcome: invited.mailed ? "mailed" : "not_mailed",
                link: invited.link,
              };
            }
          }
          return { resultPath: createdPath(org.id), shownOnce: JSON.stringify(created) };
        },
      );
      return reply.redirect(resultPath, 303);
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
    const organizationId = (request.params as { id: string }).id;
    await setIntegrationsEnabled(context.db, {
      organizationId,
      enabled: enabled === "true",
      actor: auditActorOf(viewer),
    });
    const saved = enabled === "true" ? "integrations-enabled" : "integrations-disabled";
    return reply.redirect(`/operator?saved=${saved}&organization=${organizationId}`, 303);
  });
}
