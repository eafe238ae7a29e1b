import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { authorizeInOrg, type OrgAccess } from "../../authorization/policy.ts";
import { DomainError } from "../../domain-error.ts";
import { inviteMember, listPendingInvitations, revokeInvitation } from "../../orgs/invitations.ts";
import { isOrgRole, listMembers, removeMember, setOrgRole } from "../../orgs/members.ts";
import { listPrograms } from "../../orgs/programs.ts";
import { submitOnce } from "../../submissions/submit-once.ts";
import { takeShownOnce } from "../../submissions/take-shown-once.ts";
import { confirmation } from "../confirm-page.ts";
import {
  csrfInput,
  type FormState,
  field,
  formAlert,
  postButton,
  selectField,
  textOf,
} from "../forms.ts";
import { type Html, html } from "../html.ts";
import { invitationNotMailed } from "../invitation-not-mailed.ts";
import { submissionKeyInput, submissionOf } from "../submission-key.ts";
import {
  auditActorOf,
  csrfToken,
  requireOrgAccess,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";

const roleOptions = [
  { value: "member", label: "Member" },
  { value: "org_admin", label: "Organization admin" },
];

interface State extends FormState {
  done?: Html;
}

const invitedPath = (access: OrgAccess, invitationId: string) =>
  `/o/${access.organization.slug}/manage/members?invited=${encodeURIComponent(invitationId)}`;

/** Manage → Members: invite, change organization roles, remove. */
export function memberPages(app: FastifyInstance, context: WebContext) {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: OrgAccess,
    state: State = {},
  ) => {
    const [members, invitations, programs] = await Promise.all([
      listMembers(context.db, access),
      listPendingInvitations(context.db, access),
      // Archived programs too: their roles are still held, and named.
      listPrograms(context.db, access, "all"),
    ]);
    const programName = new Map(programs.map((p) => [p.id, p.name]));
    const base = `/o/${access.organization.slug}/manage/members`;
    const token = csrfToken(reply);
    return sendPage(context, request, reply, {
      title: "Members",
      access,
      manageSection: "members",
      status: state.status,
      main: html`<h1>Members</h1>
        ${state.done ? html`<div class="alert alert-ok" role="status">${state.done}</div>` : ""}
        <section class="panel" aria-labelledby="members-heading">
          <h2 id="members-heading">People in ${access.organization.name}</h2>
          <table class="table">
            <thead><tr><th scope="col">Person</th><th scope="col">Programs</th>
              <th scope="col">Organization role</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              ${members.map(
                (m) => html`<tr>
                  <th scope="row">${m.name || m.email}${m.name ? html`<br><span class="muted small">${m.email}</span>` : ""}</th>
                  <td>${
                    Object.keys(m.programRoles).length === 0
                      ? html`<span class="muted">none</span>`
                      : Object.entries(m.programRoles).map(
                          ([id, role]) =>
                            html`<span class="tag">${programName.get(id) ?? id}: ${role.replace("_", " ")}</span> `,
                        )
                  }</td>
                  <td>
                    <form method="post" action="${base}/${m.userId}/role" class="inline-form">
                      ${csrfInput(token)}
                      <label class="visually-hidden" for="role-${m.userId}">Organization role of ${m.email}</label>
                      <select id="role-${m.userId}" name="role">
                        ${roleOptions.map((o) => html`<option value="${o.value}"${o.value === m.role ? html` selected` : ""}>${o.label}</option>`)}
                      </select>
                      <button type="submit" class="button button-quiet">Save</button>
                    </form>
                  </td>
                  <td class="actions"><a class="button button-danger-quiet" href="${base}/${m.userId}/remove">Remove<span class="visually-hidden"> ${m.email}</span></a></td>
                </tr>`,
              )}
            </tbody>
          </table>
        </section>
        <section class="panel" aria-labelledby="invite-heading">
          <h2 id="invite-heading">Invite someone</h2>
          ${formAlert(state.error)}
          <form method="post" action="${base}/invitations" class="form-row" novalidate>
            ${csrfInput(token)}
            ${submissionKeyInput()}
            ${field({ label: "Email", name: "email", type: "email", value: state.values?.email, errors: state.errors, required: true })}
            ${selectField({ label: "Role", name: "role", options: roleOptions, value: state.values?.role ?? "member", errors: state.errors })}
            <button type="submit" class="button button-primary">Invite</button>
          </form>
          ${
            invitations.length === 0
              ? html`<p class="muted">No invitations waiting.</p>`
              : html`<h3>Waiting for an answer</h3>
                <ul class="plain-list">
                  ${invitations.map(
                    (
                      i,
                    ) => html`<li>${i.email} (${i.role === "org_admin" ? "organization admin" : "member"}),
                      ${i.mailed ? "mailed" : "not mailed"}, until ${i.expiresAt.toISOString().slice(0, 10)}
                      ${postButton({ action: `${base}/invitations/${i.id}/revoke`, label: "Revoke", accessibleLabel: `Revoke the invitation of ${i.email}`, csrfToken: token })}</li>`,
                  )}
                </ul>`
          }
        </section>`,
    });
  };

  app.get("/o/:org/manage/members", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    if ((request.query as { saved?: string }).saved === "member-removed") {
      return page(request, reply, access, {
        done: html`The member is removed from ${access.organization.name}, with their roles in its
          programs. Meetings already made stay as they are.`,
      });
    }
    const viewer = requireViewer(request);
    const { invited } = request.query as { invited?: string };
    // What an invitation just sent says, once: it may hold the link an operator passes on.
    const said =
      typeof invited === "string"
        ? await takeShownOnce(context.db, context.vault, {
            userId: viewer.id,
            resultPath: invitedPath(access, invited),
          })
        : undefined;
    if (said === undefined) return page(request, reply, access);
    const sent = JSON.parse(said) as { email: string; mailed: boolean; link?: string };
    return page(request, reply, access, {
      done: sent.mailed
        ? html`Invited ${sent.email}: the invitation is on its way by mail, with a link that works once, for 7 days.`
        : invitationNotMailed({ email: sent.email, link: sent.link }, viewer.isOperator),
    });
  });

  app.post("/o/:org/manage/members/invitations", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    const values = { email: textOf(request.body, "email"), role: textOf(request.body, "role") };
    try {
      if (!isOrgRole(values.role)) {
        throw new DomainError("invalid_input", "Nobody was invited.", { role: "Choose a role." });
      }
      const viewer = requireViewer(request);
      const role = values.role;
      const { resultPath } = await submitOnce(
        context.db,
        context.vault,
        submissionOf(request, "member.invite"),
        async (trx) => {
          const invited = await inviteMember(trx, access, {
            email: values.email,
            role,
            actor: auditActorOf(viewer),
            inviterName: viewer.name || viewer.email,
            publicUrl: context.config.publicUrl,
            outbox: context.outbox,
          });
          // Only an operator is ever shown the link (see invitationNotMailed): keep it for no one else.
          const link = viewer.isOperator ? invited.link : undefined;
          return {
            resultPath: invitedPath(access, invited.id),
            shownOnce: JSON.stringify({ email: invited.email, mailed: invited.mailed, link }),
          };
        },
      );
      return reply.redirect(resultPath, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields) throw error;
      return page(request, reply, access, {
        values,
        errors: error.fields,
        error: error.message,
        status: error.kind === "conflict" ? 409 : 400,
      });
    }
  });

  app.post("/o/:org/manage/members/invitations/:id/revoke", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    await revokeInvitation(context.db, access, (request.params as { id: string }).id);
    return reply.redirect(`/o/${access.organization.slug}/manage/members`, 303);
  });

  app.post("/o/:org/manage/members/:userId/role", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    const role = textOf(request.body, "role");
    if (!isOrgRole(role)) throw new DomainError("invalid_input", "Choose a role.");
    try {
      await setOrgRole(context.db, access, {
        userId: (request.params as { userId: string }).userId,
        role,
        actor: auditActorOf(requireViewer(request)),
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== "conflict") throw error;
      return page(request, reply, access, { error: error.message, status: 409 });
    }
    return reply.redirect(`/o/${access.organization.slug}/manage/members`, 303);
  });

  app.get("/o/:org/manage/members/:userId/remove", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    authorizeInOrg(access, "members.manage");
    const { userId } = request.params as { userId: string };
    const member = (await listMembers(context.db, access)).find((m) => m.userId === userId);
    if (!member) throw new DomainError("not_found", "This person is not a member here.");
    const base = `/o/${access.organization.slug}/manage/members`;
    return sendPage(context, request, reply, {
      title: "Remove member",
      access,
      manageSection: "members",
      main: confirmation({
        heading: `Remove ${member.email} from ${access.organization.name}?`,
        consequences: html`<p>They lose access to the organization and every role they hold in its
          programs. Meetings already made stay as they are. You can invite them again later.</p>`,
        action: `${base}/${userId}/remove`,
        confirmLabel: "Remove member",
        cancelHref: base,
        csrfToken: csrfToken(reply),
      }),
    });
  });

  app.post("/o/:org/manage/members/:userId/remove", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    try {
      await removeMember(context.db, access, {
        userId: (request.params as { userId: string }).userId,
        actor: auditActorOf(requireViewer(request)),
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== "conflict") throw error;
      return page(request, reply, access, { error: error.message, status: 409 });
    }
    return reply.redirect(
      `/o/${access.organization.slug}/manage/members?saved=member-removed`,
      303,
    );
  });
}
