import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { authorizeInProgram, canInOrg, type OrgAccess } from "../../authorization/policy.ts";
import { DomainError } from "../../domain-error.ts";
import {
  type ProviderModeAvailability,
  providerModeAvailability,
} from "../../integrations/provider-mode-availability.ts";
import { setProgramProviderMode } from "../../integrations/set-program-provider-mode.ts";
import {
  addMeetingMode,
  listMeetingModes,
  removeMeetingMode,
  setMeetingModeEnabled,
} from "../../orgs/meeting-modes.ts";
import { loadProgram, type Program, setMemberRoleLabels } from "../../orgs/programs.ts";
import {
  fallbackHostRules,
  readFallbackHostRule,
  setFallbackHostRule,
} from "../../program-meetings/fallback-host-rule.ts";
import { guestsSwitch } from "../../program-meetings/guests-allowed.ts";
import {
  type MeetingPolicyInput,
  readMeetingPolicy,
  setMeetingPolicy,
} from "../../program-meetings/meeting-policy.ts";
import { ownProfilesSwitch } from "../../program-meetings/own-profiles-allowed.ts";
import {
  type ProgramSwitch,
  readProgramSwitch,
  setProgramSwitch,
} from "../../program-meetings/program-switch.ts";
import { createProviders } from "../../providers/registry.ts";
import { confirmation } from "../confirm-page.ts";
import {
  csrfInput,
  type FormState,
  field,
  formAlert,
  notice,
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
import { guestSettingsWords } from "./guest-settings-section.ts";
import { meetingPolicyForm, meetingPolicySection } from "./meeting-policy-section.ts";
import { ownProfileSettingsWords } from "./own-profile-settings-section.ts";
import { nameAndArchive } from "./program-rename-archive-pages.ts";
import { programSwitchSection, type SwitchWords } from "./program-switch-section.ts";

type State = FormState & { done?: string; policy?: MeetingPolicyInput };

/** The program's on/off settings, each a section posting to `settings/<path>`. */
const switches: {
  path: string;
  setting: ProgramSwitch;
  words: (program: string) => SwitchWords;
}[] = [
  { path: "guests", setting: guestsSwitch, words: guestSettingsWords },
  { path: "own-profiles", setting: ownProfilesSwitch, words: ownProfileSettingsWords },
];

/** Program settings → Permissions: the meeting modes members may pick, and the member roles. */
export function programSettingsPages(app: FastifyInstance, context: WebContext) {
  const providers = createProviders(context.config, context.db);
  // Why a provider's mode (Zoom video call) cannot be offered yet, in the program admin's words.
  const unavailable: Record<Exclude<ProviderModeAvailability, "available">, string> = {
    not_installed:
      "Not installed for the organization: an organization admin installs it under Manage → Integrations.",
    not_enabled_for_program:
      "Not enabled for this program: an organization admin enables it under Manage → Integrations.",
    broken:
      "The organization's install was disconnected from the provider's side; an organization admin installs it again.",
  };
  const load = async (request: FastifyRequest) => {
    const access = await requireOrgAccess(context, request);
    const { programId } = request.params as { programId: string };
    const program = await loadProgram(context.db, access, programId);
    authorizeInProgram(access, "program.settings.manage", program.id);
    return { access, program };
  };

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: OrgAccess,
    program: Program,
    state: State = {},
  ) => {
    const modes = await listMeetingModes(context.db, access, program);
    const availability = new Map<string, ProviderModeAvailability>();
    for (const mode of modes.filter((m) => m.kind === "provider")) {
      availability.set(
        mode.key,
        await providerModeAvailability(context.db, {
          organizationId: access.organization.id,
          programId: program.id,
          provider: mode.key,
        }),
      );
    }
    const base = `/o/${access.organization.slug}/programs/${program.id}`;
    const token = csrfToken(reply);
    const providerModes = modes.filter((m) => m.kind === "provider");
    const rule = await readFallbackHostRule(context.db, program.id);
    return sendPage(context, request, reply, {
      title: `Program settings · ${program.name}`,
      access,
      status: state.status,
      main: html`<p class="breadcrumb"><a href="${base}">${program.name}</a></p>
        <h1>Program settings</h1>
        <nav class="tabs" aria-label="Program settings"><a href="${base}/settings/permissions" aria-current="page">Permissions</a></nav>
        ${notice(state.done)}${formAlert(state.error)}
        <section class="panel" aria-labelledby="modes-heading">
          <h2 id="modes-heading">Meeting modes</h2>
          <p class="muted">The ways members of ${program.name} may meet. Members pick one when they
            create a meeting.</p>
          <ul class="toggle-list">
            ${modes.map(
              (m) => html`<li>
                <span class="toggle-name">${m.label}</span>
                <span class="badge ${m.enabled ? "badge-on" : "badge-off"}">${m.enabled ? "On" : "Off"}</span>
                ${(() => {
                  const why = availability.get(m.key);
                  return why && why !== "available"
                    ? html`<span class="muted">${unavailable[why]}</span>`
                    : "";
                })()}
                ${
                  availability.has(m.key) && availability.get(m.key) !== "available" && !m.enabled
                    ? ""
                    : m.kind === "provider" && m.enabled
                      ? // Turning a provider's mode off asks first (turn-off-pages.ts).
                        html`<a class="button button-quiet" href="${base}/settings/meeting-modes/${m.key}/turn-off">Turn off<span class="visually-hidden"> ${m.label}</span></a>`
                      : postButton({
                          action: `${base}/settings/meeting-modes/${m.key}`,
                          label: m.enabled ? "Turn off" : "Turn on",
                          accessibleLabel: `${m.enabled ? "Turn off" : "Turn on"} ${m.label}`,
                          csrfToken: token,
                          fields: { enabled: m.enabled ? "false" : "true" },
                        })
                }
                ${m.kind === "custom" ? html`<a class="button button-danger-quiet" href="${base}/settings/meeting-modes/${m.key}/remove">Remove<span class="visually-hidden"> ${m.label}</span></a>` : ""}
              </li>`,
            )}
          </ul>
          <form method="post" action="${base}/settings/meeting-modes" class="form-row" novalidate>
            ${csrfInput(token)}
            ${field({ label: "Add a meeting mode", name: "label", value: state.values?.label, errors: state.errors, hint: "A text mode, e.g. “Video call on our own platform”." })}
            <button type="submit" class="button button-primary">Add mode</button>
          </form>
        </section>
        ${
          providerModes.length === 0
            ? ""
            : html`<section class="panel" aria-labelledby="hosts-heading">
          <h2 id="hosts-heading">Who hosts when the creator cannot</h2>
          <p class="muted">A ${providerModes.map((m) => m.label).join(" or ")} meeting is hosted by its
            creator when they are a licensed user of the organization's account. Mentees often are
            not: choose who hosts their meetings then. Members see the outcome before they save.</p>
          <form method="post" action="${base}/settings/fallback-host-rule" novalidate>
            ${csrfInput(token)}
            <fieldset class="field${state.errors?.fallbackHostRule ? " field-invalid" : ""}">
              <legend>Fallback host</legend>
              <ul class="choice-list">${fallbackHostRules.map(
                (
                  r,
                ) => html`<li><label><input type="radio" name="fallbackHostRule" value="${r.rule}"${r.rule === rule ? html` checked` : ""}>
                  ${r.label} <span class="muted small">${r.explanation}</span></label></li>`,
              )}</ul>
              ${state.errors?.fallbackHostRule ? html`<p class="field-error">${state.errors.fallbackHostRule}</p>` : ""}
            </fieldset>
            <button type="submit" class="button button-quiet">Save host rule</button>
          </form>
        </section>`
        }
        ${meetingPolicySection({ action: `${base}/settings/meeting-policy`, csrfToken: token, programName: program.name, modeLabels: providerModes.map((m) => m.label), policy: await readMeetingPolicy(context.db, program.id), canLock: canInOrg(access, "integrations.manage"), typed: state.policy, errors: state.policy ? state.errors : undefined })}
        ${await Promise.all(
          switches.map(async (s) =>
            programSwitchSection(s.words(program.name), {
              action: `${base}/settings/${s.path}`,
              csrfToken: token,
              field: s.setting.field,
              allowed: await readProgramSwitch(context.db, program.id, s.setting),
            }),
          ),
        )}
        <section class="panel" aria-labelledby="roles-heading">
          <h2 id="roles-heading">Member roles</h2>
          <form method="post" action="${base}/settings/member-roles" class="form-row" novalidate>
            ${csrfInput(token)}
            ${field({ label: "Roles members can have", name: "labels", value: state.values?.labels ?? program.memberRoleLabels.join(", "), errors: state.errors, hint: "Separated by commas. Program admin is always there." })}
            <button type="submit" class="button button-quiet">Save roles</button>
          </form>
        </section>
        ${canInOrg(access, "programs.manage") ? nameAndArchive(base, program, token) : ""}`,
    });
  };

  const settings = "/o/:org/programs/:programId/settings";
  // Access is checked before the redirect: another organization's program is not found here.
  app.get(settings, async (request, reply) => {
    const { access, program } = await load(request);
    return reply.redirect(back(access, program), 303);
  });

  app.get<{ Querystring: { saved?: string; mode?: string } }>(
    `${settings}/permissions`,
    async (request, reply) => {
      const { access, program } = await load(request);
      return page(request, reply, access, program, {
        done: await savedNotice(access, program, request.query),
      });
    },
  );

  // What the last change did, after its redirect; a mode's label is read back, not from the URL.
  const savedNotice = async (
    access: OrgAccess,
    program: Program,
    query: { saved?: string; mode?: string },
  ): Promise<string | undefined> => {
    const fixed: Record<string, string> = {
      "host-rule": "The host rule is saved.",
      "meeting-policy": "The meeting policy is saved: meetings not started yet follow it.",
      guests: "The guest setting is saved.",
      "own-profiles": "The own Zoom setting is saved.",
      roles: "The member roles are saved.",
      renamed: `The program is renamed ${program.name}.`,
      "mode-added": `The meeting mode is added: members of ${program.name} can pick it now.`,
      "mode-removed": "The meeting mode is removed. Meetings already made with it keep it.",
    };
    if (query.saved === undefined) return undefined;
    if (fixed[query.saved]) return fixed[query.saved];
    if (query.saved !== "mode-on" && query.saved !== "mode-off") return undefined;
    const mode = (await listMeetingModes(context.db, access, program)).find(
      (m) => m.key === query.mode,
    );
    if (!mode) return undefined;
    if (query.saved === "mode-on") {
      return `${mode.label} is on: members of ${program.name} can pick it for new meetings.`;
    }
    return `${mode.label} is off: new meetings in ${program.name} cannot use it.${
      mode.kind === "provider" ? " Meetings already made keep their links." : ""
    }`;
  };

  const back = (access: OrgAccess, program: Program) =>
    `/o/${access.organization.slug}/programs/${program.id}/settings/permissions`;

  app.post(`${settings}/meeting-modes/:key`, async (request, reply) => {
    const { access, program } = await load(request);
    const enabled = textOf(request.body, "enabled");
    if (enabled !== "true" && enabled !== "false") {
      throw new DomainError("invalid_input", "Say whether to turn the mode on or off.");
    }
    const { key } = request.params as { key: string };
    const actor = auditActorOf(requireViewer(request));
    const provider = providers.get(key);
    const switched = `${back(access, program)}?saved=${enabled === "true" ? "mode-on" : "mode-off"}&mode=${encodeURIComponent(key)}`;
    if (!provider) {
      await setMeetingModeEnabled(context.db, access, program, {
        key,
        enabled: enabled === "true",
        actor,
      });
      return reply.redirect(switched, 303);
    }
    try {
      await setProgramProviderMode(context.db, access, program, {
        provider,
        enabled: enabled === "true",
        actor,
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== "conflict") throw error;
      return page(request, reply, access, program, { error: error.message, status: 409 });
    }
    return reply.redirect(switched, 303);
  });

  app.post(`${settings}/meeting-modes`, async (request, reply) => {
    const { access, program } = await load(request);
    const label = textOf(request.body, "label");
    try {
      await addMeetingMode(context.db, access, program, {
        label,
        actor: auditActorOf(requireViewer(request)),
      });
    } catch (error) {
      return page(request, reply, access, program, refusedForm(error, { label }));
    }
    return reply.redirect(`${back(access, program)}?saved=mode-added`, 303);
  });

  app.get(`${settings}/meeting-modes/:key/remove`, async (request, reply) => {
    const { access, program } = await load(request);
    const { key } = request.params as { key: string };
    const mode = (await listMeetingModes(context.db, access, program)).find(
      (m) => m.key === key && m.kind === "custom",
    );
    if (!mode) throw new DomainError("not_found", "There is no such custom meeting mode.");
    return sendPage(context, request, reply, {
      title: "Remove meeting mode",
      access,
      main: confirmation({
        heading: `Remove the meeting mode “${mode.label}”?`,
        consequences: html`<p>Members of ${program.name} can no longer pick it. Meetings already
          made with it keep it.</p>`,
        action: `/o/${access.organization.slug}/programs/${program.id}/settings/meeting-modes/${key}/remove`,
        confirmLabel: "Remove meeting mode",
        cancelHref: back(access, program),
        csrfToken: csrfToken(reply),
      }),
    });
  });

  app.post(`${settings}/meeting-modes/:key/remove`, async (request, reply) => {
    const { access, program } = await load(request);
    await removeMeetingMode(context.db, access, program, {
      key: (request.params as { key: string }).key,
      actor: auditActorOf(requireViewer(request)),
    });
    return reply.redirect(`${back(access, program)}?saved=mode-removed`, 303);
  });

  app.post(`${settings}/fallback-host-rule`, async (request, reply) => {
    const { access, program } = await load(request);
    try {
      await setFallbackHostRule(context.db, access, program, {
        rule: textOf(request.body, "fallbackHostRule"),
        actor: auditActorOf(requireViewer(request)),
      });
    } catch (error) {
      return page(request, reply, access, program, refusedForm(error));
    }
    return reply.redirect(`${back(access, program)}?saved=host-rule`, 303);
  });

  app.post(`${settings}/meeting-policy`, async (request, reply) => {
    const { access, program } = await load(request);
    const typed = meetingPolicyForm(request.body);
    try {
      await setMeetingPolicy(context.db, access, program, {
        ...typed,
        actor: auditActorOf(requireViewer(request)),
      });
    } catch (error) {
      if (!(error instanceof DomainError) || !(error.fields || error.kind === "forbidden")) {
        throw error;
      }
      return page(request, reply, access, program, {
        policy: typed,
        errors: error.fields,
        error: error.message,
        status: error.kind === "forbidden" ? 403 : 400,
      });
    }
    return reply.redirect(`${back(access, program)}?saved=meeting-policy`, 303);
  });

  for (const s of switches) {
    app.post(`${settings}/${s.path}`, async (request, reply) => {
      const { access, program } = await load(request);
      await setProgramSwitch(context.db, access, program, s.setting, {
        allowed: textOf(request.body, s.setting.field),
        actor: auditActorOf(requireViewer(request)),
      });
      return reply.redirect(`${back(access, program)}?saved=${s.path}`, 303);
    });
  }

  app.post(`${settings}/member-roles`, async (request, reply) => {
    const { access, program } = await load(request);
    const labels = textOf(request.body, "labels");
    try {
      await setMemberRoleLabels(context.db, access, program, {
        labels,
        actor: auditActorOf(requireViewer(request)),
      });
    } catch (error) {
      return page(request, reply, access, program, refusedForm(error, { labels }));
    }
    return reply.redirect(`${back(access, program)}?saved=roles`, 303);
  });
}
