import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { readPreferences } from "../../accounts/preferences.ts";
import {
  authorizeInOrg,
  canInOrg,
  canInProgram,
  type OrgAccess,
} from "../../authorization/policy.ts";
import { DomainError } from "../../domain-error.ts";
import {
  assignProgramRole,
  createProgram,
  listProgramMembers,
  listPrograms,
  loadProgram,
  type Program,
  removeProgramRole,
  rolesOf,
} from "../../orgs/programs.ts";
import {
  listProgramMeetings,
  type ProgramMeeting,
} from "../../program-meetings/program-meeting.ts";
import { submitOnce } from "../../submissions/submit-once.ts";
import { confirmation } from "../confirm-page.ts";
import {
  csrfInput,
  type FormState,
  field,
  formAlert,
  notice,
  selectField,
  textOf,
} from "../forms.ts";
import { html } from "../html.ts";
import { submissionKeyInput, submissionOf } from "../submission-key.ts";
import {
  auditActorOf,
  csrfToken,
  requireOrgAccess,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";
import { meetingCard } from "./program-meeting-views.ts";
import {
  archivedProgramNotice,
  archivedProgramsSection,
  archiveNotice,
} from "./program-rename-archive-pages.ts";
import { roleLabel } from "./role-labels.ts";

type State = FormState & { notice?: string };

/** The program's meetings the viewer is on (all of them for its admins), and a way to make one. */
function meetingsSection(
  access: OrgAccess,
  program: Program,
  base: string,
  meetings: ProgramMeeting[],
  viewerTimeZone: string | null,
) {
  const userId = access.actor.userId;
  const now = new Date();
  return html`<section class="panel" aria-labelledby="meetings-heading">
    <div class="page-heading">
      <h2 id="meetings-heading">Meetings</h2>
      ${canInProgram(access, "program.meetings.create", program.id) && program.archivedAt === null ? html`<a class="button button-primary" href="${base}/meetings/new">New meeting</a>` : ""}
    </div>
    ${
      meetings.length === 0
        ? html`<div class="empty-state"><p><strong>No upcoming meetings.</strong></p>
            <p>Make one with people in ${program.name}; everyone invited sees it here.</p></div>`
        : html`<ul class="card-list meeting-list">${meetings.map((m) =>
            meetingCard(m, {
              href: `${base}/meetings/${m.id}`,
              viewerId: userId,
              viewerTimeZone,
              now,
            }),
          )}</ul>`
    }
    <p class="muted small">Past and cancelled meetings, and those of your other programs, are under <a href="/meetings">My meetings</a>.</p>
  </section>`;
}

/** The organization's start page, Manage → Programs, and each program's own page. */
export function programPages(app: FastifyInstance, context: WebContext) {
  app.get("/o/:org", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    const programs = await listPrograms(context.db, access);
    const slug = access.organization.slug;
    return sendPage(context, request, reply, {
      title: access.organization.name,
      access,
      main: html`<h1>${access.organization.name}</h1>
        <p><a class="button button-quiet" href="/meetings">My meetings</a>
          <span class="muted small">Every meeting you are on, in all your programs.</span></p>
        <h2>Your programs</h2>
        ${
          programs.length === 0
            ? html`<div class="empty-state">
                <p><strong>${canInOrg(access, "programs.create") ? "No programs yet." : "You are not in any program yet."}</strong></p>
                <p>${
                  canInOrg(access, "programs.create")
                    ? html`<a class="button button-primary" href="/o/${slug}/manage/programs">Create a program</a>`
                    : "An organization or program admin can give you a role in a program."
                }</p>
              </div>`
            : html`<ul class="card-list">
                ${programs.map(
                  (p) => html`<li class="card">
                    <h3 class="card-title"><a href="/o/${slug}/programs/${p.id}">${p.name}</a></h3>
                    <p class="muted">${access.programRoles[p.id] ? `Your role: ${roleLabel(access.programRoles[p.id] as string)}` : "Organization admin"}</p>
                  </li>`,
                )}
              </ul>`
        }`,
    });
  });

  const managePrograms = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: OrgAccess,
    state: State = {},
  ) => {
    authorizeInOrg(access, "programs.create");
    const [programs, archived] = await Promise.all([
      listPrograms(context.db, access),
      listPrograms(context.db, access, "archived"),
    ]);
    const slug = access.organization.slug;
    return sendPage(context, request, reply, {
      title: "Programs",
      access,
      manageSection: "programs",
      status: state.status,
      main: html`<h1>Programs</h1>
        ${notice(state.notice)}
        <section class="panel">
          ${
            programs.length === 0
              ? html`<div class="empty-state"><p><strong>No programs yet.</strong></p>
                  <p>A program (a track) groups members with roles such as mentor and mentee, and
                  has its own meeting modes.</p></div>`
              : html`<ul class="plain-list">
                  ${programs.map(
                    (p) => html`<li><a href="/o/${slug}/programs/${p.id}">${p.name}</a>
                      · <a href="/o/${slug}/programs/${p.id}/settings/permissions">Program settings<span class="visually-hidden"> of ${p.name}</span></a></li>`,
                  )}
                </ul>`
          }
        </section>
        ${archivedProgramsSection(slug, archived, csrfToken(reply))}
        <section class="panel" aria-labelledby="new-program">
          <h2 id="new-program">Create a program</h2>
          ${formAlert(state.error)}
          <form method="post" action="/o/${slug}/manage/programs" class="form-row" novalidate>
            ${csrfInput(csrfToken(reply))}
            ${submissionKeyInput()}
            ${field({ label: "Name", name: "name", value: state.values?.name, errors: state.errors, required: true })}
            <button type="submit" class="button button-primary">Create program</button>
          </form>
        </section>`,
    });
  };

  app.get("/o/:org/manage/programs", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    return managePrograms(request, reply, access, {
      notice: await archiveNotice(context.db, access, request.query),
    });
  });

  app.post("/o/:org/manage/programs", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    const name = textOf(request.body, "name");
    try {
      const { resultPath } = await submitOnce(
        context.db,
        context.vault,
        submissionOf(request, "program.create"),
        async (trx) => {
          const program = await createProgram(trx, access, {
            name,
            actor: auditActorOf(requireViewer(request)),
          });
          return { resultPath: `/o/${access.organization.slug}/programs/${program.id}` };
        },
      );
      return reply.redirect(resultPath, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields) throw error;
      return managePrograms(request, reply, access, {
        values: { name },
        errors: error.fields,
        error: error.message,
        status: error.kind === "conflict" ? 409 : 400,
      });
    }
  });

  const programPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: OrgAccess,
    program: Program,
    state: State = {},
  ) => {
    const [members, meetings, preferences] = await Promise.all([
      listProgramMembers(context.db, access, program),
      listProgramMeetings(context.db, access, program.id),
      readPreferences(context.db, access.actor.userId),
    ]);
    const base = `/o/${access.organization.slug}/programs/${program.id}`;
    const manages = canInProgram(access, "program.roles.manage", program.id);
    const assignable = rolesOf(program).filter(
      (r) => r !== "program_admin" || access.orgRole === "org_admin",
    );
    return sendPage(context, request, reply, {
      title: program.name,
      access,
      status: state.status,
      main: html`<p class="breadcrumb"><a href="/o/${access.organization.slug}">${access.organization.name}</a></p>
        <div class="page-heading">
          <h1>${program.name}</h1>
          ${canInProgram(access, "program.settings.manage", program.id) ? html`<a class="button button-quiet" href="${base}/settings/permissions">Program settings</a>` : ""}
        </div>
        ${state.notice ? notice(state.notice) : ""}
        ${program.archivedAt ? archivedProgramNotice(access, program, csrfToken(reply)) : ""}
        ${meetingsSection(access, program, base, meetings, preferences.timeZone)}
        <section class="panel" aria-labelledby="people-heading">
          <h2 id="people-heading">People</h2>
          ${
            members.length === 0
              ? html`<div class="empty-state"><p><strong>Nobody has a role in this program yet.</strong></p></div>`
              : html`<table class="table">
                  <thead><tr><th scope="col">Person</th><th scope="col">Role</th>${manages ? html`<th scope="col"><span class="visually-hidden">Actions</span></th>` : ""}</tr></thead>
                  <tbody>${members.map(
                    (
                      m,
                    ) => html`<tr><th scope="row">${m.name || m.email}${m.name ? html`<br><span class="muted small">${m.email}</span>` : ""}</th>
                      <td>${roleLabel(m.role)}</td>
                      ${manages ? html`<td class="actions">${m.role !== "program_admin" || access.orgRole === "org_admin" ? html`<a class="button button-danger-quiet" href="${base}/roles/${m.userId}/remove">Remove<span class="visually-hidden"> ${m.email}</span></a>` : ""}</td>` : ""}</tr>`,
                  )}</tbody>
                </table>`
          }
        </section>
        ${
          manages
            ? html`<section class="panel" aria-labelledby="assign-heading">
                <h2 id="assign-heading">Give someone a role</h2>
                <p class="muted">They must already be a member of ${access.organization.name}.</p>
                ${formAlert(state.error)}
                <form method="post" action="${base}/roles" class="form-row" novalidate>
                  ${csrfInput(csrfToken(reply))}
                  ${field({ label: "Member's email", name: "email", type: "email", value: state.values?.email, errors: state.errors, required: true })}
                  ${selectField({ label: "Role", name: "role", options: assignable.map((r) => ({ value: r, label: roleLabel(r) })), value: state.values?.role, errors: state.errors })}
                  <button type="submit" class="button button-primary">Assign role</button>
                </form>
              </section>`
            : ""
        }`,
    });
  };

  app.get("/o/:org/programs/:programId", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    const program = await loadProgram(
      context.db,
      access,
      (request.params as { programId: string }).programId,
    );
    const { cancelled, saved } = request.query as { cancelled?: string; saved?: string };
    return programPage(request, reply, access, program, {
      ...(cancelled === "1" ? { notice: "The meeting was cancelled." } : {}),
      ...(saved === "role-removed"
        ? {
            notice: "Their role in the program is removed. Meetings already made stay as they are.",
          }
        : {}),
    });
  });

  app.post("/o/:org/programs/:programId/roles", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    const program = await loadProgram(
      context.db,
      access,
      (request.params as { programId: string }).programId,
    );
    const values = { email: textOf(request.body, "email"), role: textOf(request.body, "role") };
    try {
      await assignProgramRole(context.db, access, program, {
        ...values,
        actor: auditActorOf(requireViewer(request)),
      });
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields) throw error;
      return programPage(request, reply, access, program, {
        values,
        errors: error.fields,
        error: error.message,
        status: 400,
      });
    }
    return reply.redirect(`/o/${access.organization.slug}/programs/${program.id}`, 303);
  });

  app.get("/o/:org/programs/:programId/roles/:userId/remove", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    const params = request.params as { programId: string; userId: string };
    const program = await loadProgram(context.db, access, params.programId);
    if (!canInProgram(access, "program.roles.manage", program.id)) {
      throw new DomainError("forbidden", "You do not have permission to do that here.");
    }
    const member = (await listProgramMembers(context.db, access, program)).find(
      (m) => m.userId === params.userId,
    );
    if (!member) throw new DomainError("not_found", "This person has no role in the program.");
    const base = `/o/${access.organization.slug}/programs/${program.id}`;
    return sendPage(context, request, reply, {
      title: "Remove from program",
      access,
      main: confirmation({
        heading: `Remove ${member.email} from ${program.name}?`,
        consequences: html`<p>They stay a member of ${access.organization.name}, without a role in
          this program. Meetings already made stay as they are.</p>`,
        action: `${base}/roles/${member.userId}/remove`,
        confirmLabel: "Remove from program",
        cancelHref: base,
        csrfToken: csrfToken(reply),
      }),
    });
  });

  app.post("/o/:org/programs/:programId/roles/:userId/remove", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    const params = request.params as { programId: string; userId: string };
    const program = await loadProgram(context.db, access, params.programId);
    await removeProgramRole(context.db, access, program, {
      userId: params.userId,
      actor: auditActorOf(requireViewer(request)),
    });
    return reply.redirect(
      `/o/${access.organization.slug}/programs/${program.id}?saved=role-removed`,
      303,
    );
  });
}
