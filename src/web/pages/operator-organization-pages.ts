import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { User } from "../../accounts/create-user.ts";
import type { AuditActor } from "../../audit/record-audit-entry.ts";
import { authorizeOperator, type OperatorAction } from "../../authorization/policy.ts";
import { DomainError } from "../../domain-error.ts";
import { listOrganizations, type OrganizationSummary } from "../../orgs/list-organizations.ts";
import {
  type AdminAdded,
  addOrganizationAdmin,
  findOrganizationAdmin,
  listOrganizationAdmins,
  type ReplacedAdmin,
  replaceOrganizationAdmin,
} from "../../orgs/operator-admins.ts";
import {
  suspendOrganization,
  suspensionImpact,
  suspensionReasonLimit,
  suspensionReasonProblem,
  unsuspendOrganization,
} from "../../orgs/organization-suspension.ts";
import { submitOnce } from "../../submissions/submit-once.ts";
import { takeShownOnce } from "../../submissions/take-shown-once.ts";
import { confirmation } from "../confirm-page.ts";
import { csrfInput, type FormState, field, formAlert, postButton, textOf } from "../forms.ts";
import { type Html, html } from "../html.ts";
import { invitationNotMailed } from "../invitation-not-mailed.ts";
import { submissionKeyInput, submissionOf } from "../submission-key.ts";
import { utcTime } from "../utc-time.ts";
import {
  actorOfViewer,
  csrfToken,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";

interface State extends FormState {
  done?: Html;
}

const pathOf = (organizationId: string) => `/operator/organizations/${organizationId}`;

/** What one operator change said after its redirect, by the `saved` it redirected with. */
const savedNotices: Record<string, (name: string) => Html> = {
  suspended: (name) =>
    html`${name} is suspended: its members and applications are told why, and no new meetings
      are made for it. Nothing is deleted.`,
  unsuspended: (name) =>
    html`${name} is no longer suspended: its members and applications are back, and meetings
      that waited are being made.`,
  "admin-demoted": (name) => html`The admin is now a member of ${name}.`,
  "admin-removed": (name) => html`The admin is removed from ${name}.`,
};

function adminAddedNotice(name: string, added: AdminAdded): Html {
  switch (added.outcome) {
    case "added":
      return html`${added.email} is now an admin of ${name}.`;
    case "promoted":
      return html`${added.email} was a member of ${name} and is now its admin.`;
    case "mailed":
      return html`${added.email} has no verified account here yet: an invitation to be an admin
        of ${name} is on its way by mail.`;
    case "not_mailed":
      return invitationNotMailed({ email: added.email, link: added.link }, true);
  }
}

/**
 * The operator's page of one organization: its admins (add one, replace one) and its
 * suspension. Every change is recorded in the organization's own audit log, as the operator.
 */
export function operatorOrganizationPages(app: FastifyInstance, context: WebContext) {
  /** The signed-in operator and the organization the URL names; anyone else is refused. */
  const operatorAnd = async (request: FastifyRequest, action: OperatorAction) => {
    const viewer = requireViewer(request);
    authorizeOperator(actorOfViewer(viewer), action);
    const { id } = request.params as { id: string };
    const organization = (await listOrganizations(context.db)).find((o) => o.id === id);
    if (!organization) throw new DomainError("not_found", "There is no such organization.");
    return { viewer, organization };
  };

  /** Audit entries name the operator as such: the organization's admins read them. */
  const operatorActor = (viewer: User): AuditActor => ({
    userId: viewer.id,
    label: `${viewer.email} (operator)`,
  });

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    organization: OrganizationSummary,
    state: State = {},
  ) => {
    const viewer = requireViewer(request);
    const admins = await listOrganizationAdmins(context.db, organization, actorOfViewer(viewer));
    const token = csrfToken(reply);
    const base = pathOf(organization.id);
    const { suspension } = organization;
    return sendPage(context, request, reply, {
      title: organization.name,
      status: state.status,
      main: html`<p><a href="/operator">← Operator</a></p>
        <h1>${organization.name}${suspension ? html` <span class="badge badge-broken">Suspended</span>` : ""}</h1>
        <p class="lead">${organization.slug} · ${organization.memberCount} member${organization.memberCount === 1 ? "" : "s"}</p>
        ${state.done ? html`<div class="alert alert-ok" role="status">${state.done}</div>` : ""}
        ${formAlert(state.error)}
        <section class="panel" aria-labelledby="admins-heading">
          <h2 id="admins-heading">Organization admins</h2>
          ${
            admins.length === 0
              ? html`<div class="empty-state"><p><strong>${organization.name} has no admin.</strong></p>
                  <p>Add one below: nobody can manage its members, programs or integrations until then.</p></div>`
              : html`<table class="table">
                  <thead><tr><th scope="col">Admin</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
                  <tbody>
                    ${admins.map(
                      (a) => html`<tr>
                        <th scope="row">${a.name || a.email}${a.name ? html`<br><span class="muted small">${a.email}</span>` : ""}</th>
                        <td class="actions">
                          <a class="button button-quiet" href="${base}/admins/${a.userId}/demote">Make member<span class="visually-hidden"> ${a.email}</span></a>
                          <a class="button button-danger-quiet" href="${base}/admins/${a.userId}/remove">Remove<span class="visually-hidden"> ${a.email}</span></a>
                        </td>
                      </tr>`,
                    )}
                  </tbody>
                </table>`
          }
          <h3>Add an admin</h3>
          <form method="post" action="${base}/admins" class="form-row" novalidate>
            ${csrfInput(token)}
            ${submissionKeyInput()}
            ${field({ label: "Email", name: "email", type: "email", value: state.values?.email, errors: state.errors, required: true, hint: "A member is made an admin; someone with a verified account is added as one; anyone else is invited by mail." })}
            <button type="submit" class="button button-primary">Add admin</button>
          </form>
          <p class="muted small">To replace an admin, add the new one first, then make the old one a
            member or remove them: ${organization.name} always keeps at least one admin.</p>
        </section>
        <section class="panel" aria-labelledby="suspension-heading">
          <h2 id="suspension-heading">Suspension</h2>
          ${
            suspension
              ? html`<p>Suspended since ${utcTime(suspension.since)}: ${suspension.reason}</p>
                  <p>Its members see this reason instead of its pages, its applications' API
                    calls are refused with it, and no new meetings are made for it.</p>
                  ${postButton({ action: `${base}/unsuspend`, label: "Unsuspend", style: "primary", accessibleLabel: `Unsuspend ${organization.name}`, csrfToken: token })}`
              : html`<p>Suspending stops ${organization.name} without deleting anything: its
                  members and applications are told why, and unsuspending brings it back as it was.</p>
                  <form method="get" action="${base}/suspend" novalidate>
                    ${field({ label: "Reason", name: "reason", rows: 3, value: state.values?.reason, errors: state.errors, required: true, hint: `Its members and applications read this, e.g. "The subscription ended; renew it to continue." Up to ${suspensionReasonLimit} characters.` })}
                    <button type="submit" class="button button-danger">Suspend…</button>
                  </form>`
          }
        </section>`,
    });
  };

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>(
    "/operator/organizations/:id",
    async (request, reply) => {
      const { viewer, organization } = await operatorAnd(request, "organizations.manage_admins");
      const { saved } = request.query;
      if (saved === "admin-added") {
        // What adding said, once: it may hold an invitation link to pass on.
        const said = await takeShownOnce(context.db, context.vault, {
          userId: viewer.id,
          resultPath: `${pathOf(organization.id)}?saved=admin-added`,
        });
        if (said === undefined) return page(request, reply, organization);
        const added = JSON.parse(said) as AdminAdded;
        return page(request, reply, organization, {
          done: adminAddedNotice(organization.name, added),
        });
      }
      const notice = typeof saved === "string" ? savedNotices[saved] : undefined;
      return page(request, reply, organization, {
        ...(notice ? { done: notice(organization.name) } : {}),
      });
    },
  );

  app.post("/operator/organizations/:id/admins", async (request, reply) => {
    const { viewer, organization } = await operatorAnd(request, "organizations.manage_admins");
    const values = { email: textOf(request.body, "email") };
    try {
      const { resultPath } = await submitOnce(
        context.db,
        context.vault,
        submissionOf(request, "member.invite"),
        async (trx) => {
          const added = await addOrganizationAdmin(trx, {
            organization,
            operator: actorOfViewer(viewer),
            email: values.email,
            actor: operatorActor(viewer),
            inviterName: viewer.name || viewer.email,
            publicUrl: context.config.publicUrl,
            outbox: context.outbox,
          });
          return {
            resultPath: `${pathOf(organization.id)}?saved=admin-added`,
            shownOnce: JSON.stringify(added),
          };
        },
      );
      return reply.redirect(resultPath, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields) throw error;
      return page(request, reply, organization, {
        values,
        errors: error.fields,
        error: error.message,
        status: error.kind === "conflict" ? 409 : 400,
      });
    }
  });

  /** The step before making an admin a member, or removing them: what they lose, and who stays. */
  const replaceStep =
    (becomes: ReplacedAdmin) => async (request: FastifyRequest, reply: FastifyReply) => {
      const { viewer, organization } = await operatorAnd(request, "organizations.manage_admins");
      const { userId } = request.params as { userId: string };
      const { admin, otherAdmins } = await findOrganizationAdmin(
        context.db,
        organization,
        actorOfViewer(viewer),
        userId,
      );
      const base = pathOf(organization.id);
      const name = organization.name;
      if (otherAdmins.length === 0) {
        // Refused here already, not only when confirmed: the page says what to do instead.
        return page(request, reply, organization, {
          status: 409,
          error: `${admin.email} is the only admin of ${name}, which would be left with nobody to manage it. Add another admin first, then replace ${admin.email}.`,
        });
      }
      const programRoles = Object.keys(admin.programRoles).length;
      const others = html`<p>${name} keeps ${otherAdmins.length === 1 ? "its admin" : "its admins"}
      ${otherAdmins.map((a) => a.email).join(", ")}.</p>`;
      return sendPage(context, request, reply, {
        title: becomes === "member" ? "Make admin a member" : "Remove admin",
        main: confirmation(
          becomes === "member"
            ? {
                heading: `Make ${admin.email} a member of ${name}?`,
                consequences: html`<p>${admin.email} can no longer manage ${name}: its members,
                programs, applications, integrations and audit log. They stay a member${
                  programRoles > 0
                    ? html` and keep their roles in ${programRoles} program${programRoles === 1 ? "" : "s"}`
                    : ""
                }; meetings already made stay as they are.</p>${others}`,
                action: `${base}/admins/${userId}/demote`,
                confirmLabel: "Make member",
                cancelHref: base,
                backLabel: "Keep them an admin",
                csrfToken: csrfToken(reply),
              }
            : {
                heading: `Remove ${admin.email} from ${name}?`,
                consequences: html`<p>${admin.email} loses access to ${name} and every role they
                hold in its programs. Meetings already made stay as they are; they can be invited
                again later.</p>${others}`,
                action: `${base}/admins/${userId}/remove`,
                confirmLabel: "Remove admin",
                cancelHref: base,
                backLabel: "Keep them an admin",
                csrfToken: csrfToken(reply),
              },
        ),
      });
    };

  const replace =
    (becomes: ReplacedAdmin) => async (request: FastifyRequest, reply: FastifyReply) => {
      const { viewer, organization } = await operatorAnd(request, "organizations.manage_admins");
      const { userId } = request.params as { userId: string };
      try {
        await replaceOrganizationAdmin(context.db, {
          organization,
          operator: actorOfViewer(viewer),
          userId,
          becomes,
          actor: operatorActor(viewer),
        });
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind !== "conflict") throw error;
        return page(request, reply, organization, { error: error.message, status: 409 });
      }
      const saved = becomes === "member" ? "admin-demoted" : "admin-removed";
      return reply.redirect(`${pathOf(organization.id)}?saved=${saved}`, 303);
    };

  app.get("/operator/organizations/:id/admins/:userId/demote", replaceStep("member"));
  app.post("/operator/organizations/:id/admins/:userId/demote", replace("member"));
  app.get("/operator/organizations/:id/admins/:userId/remove", replaceStep("removed"));
  app.post("/operator/organizations/:id/admins/:userId/remove", replace("removed"));

  app.get("/operator/organizations/:id/suspend", async (request, reply) => {
    const { organization } = await operatorAnd(request, "organizations.suspend");
    const base = pathOf(organization.id);
    if (organization.suspension) return reply.redirect(base, 303);
    const reason = textOf(request.query, "reason").trim();
    const problem = suspensionReasonProblem(reason);
    if (problem) {
      return page(request, reply, organization, {
        values: { reason },
        errors: { reason: problem },
        error: "The organization was not suspended.",
        status: 400,
      });
    }
    const impact = await suspensionImpact(context.db, organization.id);
    const name = organization.name;
    const count = (n: number, one: string, many: string) =>
      html`<strong>${n} ${n === 1 ? one : many}</strong>`;
    return sendPage(context, request, reply, {
      title: "Suspend organization",
      main: confirmation({
        heading: `Suspend ${name}?`,
        consequences: html`<ul data-impact-members="${impact.members}" data-impact-meetings="${impact.upcomingMeetings}" data-impact-applications="${impact.applications}">
            <li>${count(impact.members, "member", "members")} see that ${name} is suspended,
              with your reason, instead of its pages.</li>
            <li>${count(impact.applications, "application", "applications")}: every API call is
              refused (403) with your reason.</li>
            <li>${count(impact.upcomingMeetings, "upcoming meeting", "upcoming meetings")} keep
              what they have: nothing is deleted, and links already made keep working. No new
              meeting is made, nor one changed, until you unsuspend ${name}; then the ones that
              waited are made.</li>
          </ul>
          <p>Reason: ${reason}</p>`,
        action: `${base}/suspend`,
        fields: { reason },
        confirmLabel: `Suspend ${name}`,
        cancelHref: base,
        backLabel: "Keep it running",
        csrfToken: csrfToken(reply),
      }),
    });
  });

  app.post("/operator/organizations/:id/suspend", async (request, reply) => {
    const { viewer, organization } = await operatorAnd(request, "organizations.suspend");
    const reason = textOf(request.body, "reason");
    try {
      await suspendOrganization(context.db, {
        organizationId: organization.id,
        reason,
        actor: operatorActor(viewer),
      });
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields) throw error;
      return page(request, reply, organization, {
        values: { reason },
        errors: error.fields,
        error: error.message,
        status: 400,
      });
    }
    return reply.redirect(`${pathOf(organization.id)}?saved=suspended`, 303);
  });

  app.post("/operator/organizations/:id/unsuspend", async (request, reply) => {
    const { viewer, organization } = await operatorAnd(request, "organizations.suspend");
    await unsuspendOrganization(context.db, {
      organizationId: organization.id,
      actor: operatorActor(viewer),
    });
    return reply.redirect(`${pathOf(organization.id)}?saved=unsuspended`, 303);
  });
}
