import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { authorizeInOrg, canInOrg, type OrgAccess } from "../../authorization/policy.ts";
import type { Schema } from "../../db/schema.ts";
import { setProgramArchived, upcomingMeetingsOf } from "../../orgs/program-archive.ts";
import { listPrograms, loadProgram, type Program } from "../../orgs/programs.ts";
import { renameProgram } from "../../orgs/rename-program.ts";
import { confirmation } from "../confirm-page.ts";
import {
  csrfInput,
  type FormState,
  field,
  formAlert,
  postButton,
  refusedForm,
  textOf,
} from "../forms.ts";
import { html } from "../html.ts";
import {
  auditActorOf,
  csrfToken,
  requireOrgAccess,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";

/** For org admins: the program's name, and archiving (program-rename-archive-pages.ts). */
export function nameAndArchive(base: string, program: Program, token: string) {
  return html`<section class="panel" aria-labelledby="program-heading">
    <h2 id="program-heading">Name and archive</h2>
    <form method="post" action="${base}/settings/name" class="form-row" novalidate>
      ${csrfInput(token)}
      ${field({ label: "Program name", name: "name", value: program.name, id: "field-program-name" })}
      <button type="submit" class="button button-quiet">Rename program</button>
    </form>
    ${
      program.archivedAt
        ? html`<p><span class="badge badge-off">Archived</span> since
            ${program.archivedAt.toISOString().slice(0, 10)}: it is out of the program lists and
            takes no new meetings; its meetings already made stay.</p>
            ${postButton({ action: `${base}/settings/unarchive`, label: "Unarchive program", csrfToken: token })}`
        : html`<p class="muted">Archive a program that has run its course: it leaves the program
            lists and takes no new meetings. Meetings already made stay until cancelled.</p>
            <p><a class="button button-danger-quiet" href="${base}/settings/archive">Archive program</a></p>`
    }
  </section>`;
}

/** Manage → Programs → Archived: what an org admin may bring back. */
export function archivedProgramsSection(slug: string, archived: Program[], token: string) {
  if (archived.length === 0) return html``;
  return html`<section class="panel" aria-labelledby="archived-programs">
    <h2 id="archived-programs">Archived</h2>
    <p class="muted">Out of the program lists, and no new meetings; their meetings already made
      stay until cancelled.</p>
    <ul class="plain-list">
      ${archived.map(
        (
          p,
        ) => html`<li data-archived-program="${p.id}"><a href="/o/${slug}/programs/${p.id}">${p.name}</a>
          <span class="muted small">archived ${p.archivedAt?.toISOString().slice(0, 10)}</span>
          ${postButton({ action: `/o/${slug}/programs/${p.id}/settings/unarchive`, label: "Unarchive", accessibleLabel: `Unarchive ${p.name}`, csrfToken: token })}</li>`,
      )}
    </ul>
  </section>`;
}

/** At the top of an archived program's page: why there is no New meeting. */
export function archivedProgramNotice(access: OrgAccess, program: Program, token: string) {
  return html`<div class="alert alert-info" role="status" data-archived>
    <p><strong>${program.name} is archived</strong>: no new meetings can be made in it. Its
      meetings already made stay until cancelled.</p>
    ${
      canInOrg(access, "programs.manage")
        ? postButton({
            action: `/o/${access.organization.slug}/programs/${program.id}/settings/unarchive`,
            label: "Unarchive program",
            csrfToken: token,
          })
        : ""
    }
  </div>`;
}

/** After archiving or unarchiving, on Manage → Programs; the name is read back, not from the URL. */
export async function archiveNotice(
  db: Kysely<Schema>,
  access: OrgAccess,
  query: unknown,
): Promise<string | undefined> {
  const { saved, program: id } = (query ?? {}) as { saved?: string; program?: string };
  if ((saved !== "archived" && saved !== "unarchived") || typeof id !== "string") return undefined;
  const program = (await listPrograms(db, access, "all")).find((p) => p.id === id);
  if (!program) return undefined;
  return saved === "archived"
    ? `${program.name} is archived. No new meetings can be made in it; its meetings already made stay until cancelled.`
    : `${program.name} is back in the program lists, and takes new meetings again.`;
}

/**
 * An org admin renames a program, archives it (after a confirmation that says what it keeps),
 * and unarchives it. The controls sit under Program settings; an archived program is listed
 * under Manage → Programs → Archived.
 */
export function programRenameArchivePages(app: FastifyInstance, context: WebContext) {
  const load = async (request: FastifyRequest) => {
    const access = await requireOrgAccess(context, request);
    authorizeInOrg(access, "programs.manage");
    const { programId } = request.params as { programId: string };
    const program = await loadProgram(context.db, access, programId);
    return { access, program };
  };
  const settingsOf = (access: OrgAccess, program: Program) =>
    `/o/${access.organization.slug}/programs/${program.id}/settings/permissions`;
  const programsOf = (access: OrgAccess) => `/o/${access.organization.slug}/manage/programs`;
  const path = "/o/:org/programs/:programId/settings";

  // Where a refused name is typed again; the usual way in is the form under Program settings.
  const renamePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: OrgAccess,
    program: Program,
    state: FormState = {},
  ) =>
    sendPage(context, request, reply, {
      title: `Rename ${program.name}`,
      access,
      status: state.status,
      main: html`<section class="panel narrow">
        <h1>Rename ${program.name}</h1>
        ${formAlert(state.error)}
        <form method="post" action="/o/${access.organization.slug}/programs/${program.id}/settings/name" novalidate>
          ${csrfInput(csrfToken(reply))}
          ${field({ label: "Program name", name: "name", value: state.values?.name ?? program.name, errors: state.errors, required: true, hint: "Meetings already made keep their own titles." })}
          <div class="button-row">
            <button type="submit" class="button button-primary">Rename program</button>
            <a class="button button-quiet" href="${settingsOf(access, program)}">Keep the name</a>
          </div>
        </form>
      </section>`,
    });

  app.get(`${path}/name`, async (request, reply) => {
    const { access, program } = await load(request);
    return renamePage(request, reply, access, program);
  });

  app.post(`${path}/name`, async (request, reply) => {
    const { access, program } = await load(request);
    const name = textOf(request.body, "name");
    try {
      await renameProgram(context.db, access, program, {
        name,
        actor: auditActorOf(requireViewer(request)),
      });
    } catch (error) {
      return renamePage(request, reply, access, program, refusedForm(error, { name }));
    }
    return reply.redirect(`${settingsOf(access, program)}?saved=renamed`, 303);
  });

  app.get(`${path}/archive`, async (request, reply) => {
    const { access, program } = await load(request);
    if (program.archivedAt !== null) return reply.redirect(settingsOf(access, program), 303);
    const { meetings, providerMeetings } = await upcomingMeetingsOf(context.db, program);
    const them = meetings === 1 ? "it" : "them";
    const withLinks =
      providerMeetings === 0
        ? ""
        : providerMeetings === meetings
          ? `, and ${meetings === 1 ? "its video link keeps" : "their video links keep"} working`
          : `, and the video links of ${providerMeetings} of them keep working`;
    return sendPage(context, request, reply, {
      title: `Archive ${program.name}`,
      access,
      main: confirmation({
        heading: `Archive ${program.name}?`,
        consequences: html`<p>${program.name} leaves the program lists, and nobody can make new
          meetings in it. Its members, roles and meeting modes are kept.</p>
          ${
            meetings === 0
              ? html`<p>It has no upcoming meetings.</p>`
              : html`<p data-impact-meetings="${meetings}"><strong>Its ${meetings} upcoming
                  meeting${meetings === 1 ? " stays" : "s stay"} until cancelled</strong>${withLinks}.
                  People invited still see ${them}, and organizers can still change or cancel
                  ${them}.</p>`
          }
          <p>You can unarchive it at any time, under Manage → Programs.</p>`,
        action: `/o/${access.organization.slug}/programs/${program.id}/settings/archive`,
        confirmLabel: "Archive program",
        cancelHref: settingsOf(access, program),
        backLabel: "Keep it active",
        csrfToken: csrfToken(reply),
      }),
    });
  });

  app.post(`${path}/archive`, async (request, reply) => {
    const { access, program } = await load(request);
    await setProgramArchived(context.db, access, program, {
      archived: true,
      actor: auditActorOf(requireViewer(request)),
    });
    return reply.redirect(`${programsOf(access)}?saved=archived&program=${program.id}`, 303);
  });

  app.post(`${path}/unarchive`, async (request, reply) => {
    const { access, program } = await load(request);
    await setProgramArchived(context.db, access, program, {
      archived: false,
      actor: auditActorOf(requireViewer(request)),
    });
    return reply.redirect(`${programsOf(access)}?saved=unarchived&program=${program.id}`, 303);
  });
}
