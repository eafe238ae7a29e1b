import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { readPreferences } from "../../accounts/preferences.ts";
import {
  authorizeInProgram,
  authorizeOnMeeting,
  canOnMeeting,
  type OrgAccess,
} from "../../authorization/policy.ts";
import { loadProviderSideChange } from "../../conferencing/provider-side-change.ts";
import { wallClock } from "../../conferencing/zoned-time.ts";
import { DomainError } from "../../domain-error.ts";
import { listProgramMembers, loadProgram, type Program } from "../../orgs/programs.ts";
import { cancelOccurrence } from "../../program-meetings/cancel-occurrence.ts";
import { cancelProgramMeeting } from "../../program-meetings/cancel-program-meeting.ts";
import { guestsSwitch } from "../../program-meetings/guests-allowed.ts";
import { type HostingOutlook, hostingOutlook } from "../../program-meetings/hosting-outlook.ts";
import { keptOutlook, modesForMeeting } from "../../program-meetings/kept-provider-mode.ts";
import type { MeetingDraftFields } from "../../program-meetings/meeting-draft.ts";
import { guestListText } from "../../program-meetings/meeting-guests.ts";
import { noRepeat, repeatFieldsOf } from "../../program-meetings/meeting-series.ts";
import { ownProfileOutlook } from "../../program-meetings/own-profile-hosting.ts";
import { prepareProgramMeeting } from "../../program-meetings/prepare-program-meeting.ts";
import {
  loadProgramMeeting,
  type ProgramMeeting,
  partiesOf,
} from "../../program-meetings/program-meeting.ts";
import { readProgramSwitch } from "../../program-meetings/program-switch.ts";
import { saveProgramMeeting } from "../../program-meetings/save-program-meeting.ts";
import { seriesLinks } from "../../program-meetings/series-links.ts";
import { loadSeries, movesUndoneBy } from "../../program-meetings/series-occurrences.ts";
import { hostStartLink } from "../../program-meetings/start-link.ts";
import { createProviders } from "../../providers/registry.ts";
import { earlierResult, submitOnce } from "../../submissions/submit-once.ts";
import { confirmation } from "../confirm-page.ts";
import type { FormState } from "../forms.ts";
import { notice, refusedForm, textOf, textsOf } from "../forms.ts";
import { html } from "../html.ts";
import { submissionKeyInput, submissionOf } from "../submission-key.ts";
import { viewerTime } from "../viewer-time.ts";
import {
  csrfToken,
  requireOrgAccess,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";
import { changedInZoomNote, changedInZoomWarning } from "./changed-in-zoom-views.ts";
import { guestsField } from "./meeting-guest-views.ts";
import {
  movesUndoneNotice,
  occurrenceList,
  repeatFieldset,
  repeatFieldsOfBody,
  repeatHiddenValues,
  seriesLine,
} from "./meeting-series-views.ts";
import {
  calendarPanel,
  conferencingPanel,
  durationLabel,
  hostingReview,
  meetingForm,
  peopleList,
  switchAwayReview,
} from "./program-meeting-views.ts";

const draftFieldNames = [
  "title",
  "description",
  "date",
  "time",
  "duration",
  "timeZone",
  "mode",
] as const;

/**
 * Meetings in a program (F9): a member makes one with invitees and a meeting mode; with the
 * organization's Zoom, the page says who hosts before saving, and the link appears when the
 * worker has made the meeting.
 */
export function programMeetingPages(app: FastifyInstance, context: WebContext) {
  const providers = createProviders(context.config, context.db);
  const deps = { db: context.db, vault: context.vault, providers };

  const load = async (request: FastifyRequest) => {
    const access = await requireOrgAccess(context, request);
    const { programId } = request.params as { programId: string };
    const program = await loadProgram(context.db, access, programId);
    const base = `/o/${access.organization.slug}/programs/${program.id}`;
    return { access, program, base };
  };
  const loadMeeting = async (request: FastifyRequest) => {
    const loaded = await load(request);
    const { meetingId } = request.params as { meetingId: string };
    const meeting = await loadProgramMeeting(
      context.db,
      loaded.access,
      loaded.program.id,
      meetingId,
    );
    return { ...loaded, meeting, meetingBase: `${loaded.base}/meetings/${meeting.id}` };
  };
  const fieldsOf = (body: unknown): MeetingDraftFields => ({
    ...(Object.fromEntries(draftFieldNames.map((n) => [n, textOf(body, n)])) as Omit<
      MeetingDraftFields,
      "invitees" | "repeat" | "guests"
    >),
    invitees: textsOf(body, "invitees"),
    repeat: repeatFieldsOfBody(body),
    // A form without the guests box leaves the meeting's guests as they are.
    guests:
      typeof (body as Record<string, unknown> | undefined)?.guests === "string"
        ? textOf(body, "guests")
        : undefined,
  });
  // The guests as typed, carried through a review step with the other fields.
  const guestsHidden = (fields: MeetingDraftFields): Record<string, string> =>
    fields.guests === undefined ? {} : { guests: fields.guests };

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: {
      access: OrgAccess;
      program: Program;
      base: string;
      fields: MeetingDraftFields;
      meeting?: ProgramMeeting;
      state?: FormState;
      /** The blank form of a new meeting. */
      fresh?: boolean;
      /** A new meeting's one-time key, carried on from the form it came from. */
      submissionKey?: string | undefined;
    },
  ) => {
    const viewer = requireViewer(request);
    const [members, { modes, kept, own }, guestsAllowed] = await Promise.all([
      listProgramMembers(context.db, o.access, o.program),
      modesForMeeting(deps, o.access, o.program, o.meeting),
      readProgramSwitch(context.db, o.program.id, guestsSwitch),
    ]);
    const { fields, meeting } = o;
    const outlooks = new Map<string, HostingOutlook>();
    const providerNames = new Map<string, string>();
    for (const mode of modes.filter((m) => m.kind === "provider")) {
      const ownProfile = own.find((c) => c.mode.key === mode.key);
      providerNames.set(
        mode.key,
        ownProfile?.displayName ?? providers.get(mode.key)?.displayName ?? mode.label,
      );
      if (ownProfile) {
        outlooks.set(mode.key, ownProfileOutlook(ownProfile));
        continue;
      }
      if (mode.key === kept?.mode.key) {
        outlooks.set(mode.key, keptOutlook(kept));
        continue;
      }
      const outlook = await hostingOutlook(deps, {
        organizationId: o.access.organization.id,
        programId: o.program.id,
        provider: mode.key,
        viewer: { userId: viewer.id, email: viewer.email },
        members: members.filter((m) => m.userId !== viewer.id),
      });
      if (outlook) outlooks.set(mode.key, outlook);
    }
    return sendPage(context, request, reply, {
      title: meeting ? `Change ${meeting.title}` : `New meeting · ${o.program.name}`,
      access: o.access,
      status: o.state?.status,
      main: html`<p class="breadcrumb"><a href="${o.base}">${o.program.name}</a></p>
        ${meetingForm({
          action: meeting ? `${o.base}/meetings/${meeting.id}` : `${o.base}/meetings`,
          csrfToken: csrfToken(reply),
          heading: meeting ? "Change meeting" : "New meeting",
          submitLabel: "Continue",
          cancelHref: meeting ? `${o.base}/meetings/${meeting.id}` : o.base,
          members,
          viewerId: viewer.id,
          modes,
          outlooks,
          providerNames,
          values: Object.fromEntries(draftFieldNames.map((n) => [n, fields[n]])),
          invitees: fields.invitees,
          errors: o.state?.errors,
          error: o.state?.error,
          fresh: o.fresh === true,
          hidden: meeting ? undefined : submissionKeyInput(o.submissionKey),
          repeat: repeatFieldset(fields.repeat ?? noRepeat, o.state?.errors ?? {}),
          guests: guestsField({
            value: fields.guests,
            allowed: guestsAllowed,
            errors: o.state?.errors ?? {},
          }),
        })}`,
    });
  };

  /** New and changed meetings go the same way: check, say who hosts (provider modes), save. */
  const submit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Awaited<ReturnType<typeof load>> & { meeting?: ProgramMeeting },
  ) => {
    const { access, program, base, meeting: existing } = loaded;
    if (existing) authorizeOnMeeting(access, "meeting.change", partiesOf(existing));
    const viewer = requireViewer(request);
    // A new meeting's form, sent again (Back and Reload, at any step), leads to the meeting it
    // made: no second meeting, and no second provider meeting.
    const submission = existing ? undefined : submissionOf(request, "meeting.create");
    if (submission) {
      const earlier = await earlierResult(context.db, submission);
      if (earlier !== undefined) return reply.redirect(earlier, 303);
    }
    const submissionKey = submission?.key;
    const fields = fieldsOf(request.body);
    const step = textOf(request.body, "step");
    if (step === "edit") {
      return formPage(request, reply, {
        access,
        program,
        base,
        fields,
        meeting: existing,
        submissionKey,
      });
    }
    const creator = { userId: viewer.id, email: viewer.email, name: viewer.name };
    let prepared: Awaited<ReturnType<typeof prepareProgramMeeting>>;
    try {
      prepared = await prepareProgramMeeting(deps, access, program, creator, fields, existing);
    } catch (error) {
      return formPage(request, reply, {
        access,
        program,
        base,
        fields,
        meeting: existing,
        state: refusedForm(error),
        submissionKey,
      });
    }
    const action = existing ? `${base}/meetings/${existing.id}` : `${base}/meetings`;
    const losesProviderMeeting =
      existing?.conferencing.meetingId != null && prepared.mode.kind !== "provider";
    if (existing && losesProviderMeeting && step !== "save") {
      return sendPage(context, request, reply, {
        title: `Switch ${existing.title} to ${prepared.mode.label}`,
        access,
        main: html`<p class="breadcrumb"><a href="${base}">${program.name}</a></p>
          ${switchAwayReview({
            action,
            csrfToken: csrfToken(reply),
            meeting: existing,
            newModeLabel: prepared.mode.label,
            fields: {
              ...Object.fromEntries(draftFieldNames.map((n) => [n, fields[n]])),
              ...repeatHiddenValues(fields.repeat),
              ...guestsHidden(fields),
            },
            invitees: prepared.invitees.map((p) => p.userId),
          })}`,
      });
    }
    if (prepared.hosting && step !== "save") {
      const viewerTimeZone = (await readPreferences(context.db, viewer.id)).timeZone;
      const provider =
        prepared.ownProfile?.displayName ??
        providers.get(prepared.mode.key)?.displayName ??
        prepared.mode.label;
      return sendPage(context, request, reply, {
        title: `Check who hosts · ${prepared.draft.title}`,
        access,
        main: html`<p class="breadcrumb"><a href="${base}">${program.name}</a></p>
          ${hostingReview({
            action,
            csrfToken: csrfToken(reply),
            prepared,
            providerName: provider,
            fields: {
              ...Object.fromEntries(draftFieldNames.map((n) => [n, fields[n]])),
              ...repeatHiddenValues(fields.repeat),
              ...guestsHidden(fields),
              ...(submissionKey ? { submission_key: submissionKey } : {}),
            },
            invitees: prepared.invitees.map((p) => p.userId),
            confirmLabel: existing ? "Save changes" : "Create meeting",
            viewerTimeZone,
            providerChange: changedInZoomWarning(
              existing,
              existing && (await loadProviderSideChange(context.db, existing.id)),
              viewerTimeZone,
            ),
            series: html`${seriesLine(prepared.draft.series, viewerTimeZone ?? prepared.draft.timeZone)}${movesUndoneNotice(
              existing && prepared.draft.series
                ? await movesUndoneBy(context.db, existing.id, prepared.draft.series.starts)
                : 0,
            )}`,
          })}`,
      });
    }
    try {
      if (!submission) {
        const saved = await saveProgramMeeting(context.db, access, program, prepared, existing?.id);
        return reply.redirect(
          `${base}/meetings/${saved.id}?saved=${existing ? "changed" : "created"}`,
          303,
        );
      }
      const { resultPath } = await submitOnce(
        context.db,
        context.vault,
        submission,
        async (trx) => {
          const saved = await saveProgramMeeting(trx, access, program, prepared);
          return { resultPath: `${base}/meetings/${saved.id}?saved=created` };
        },
      );
      return reply.redirect(resultPath, 303);
    } catch (error) {
      // What changed since the review (guests no longer allowed) sends the form back to fix.
      return formPage(request, reply, {
        access,
        program,
        base,
        fields,
        meeting: existing,
        state: refusedForm(error),
        submissionKey,
      });
    }
  };

  app.get("/o/:org/programs/:programId/meetings/new", async (request, reply) => {
    const { access, program, base } = await load(request);
    authorizeInProgram(access, "program.meetings.create", program.id);
    return formPage(request, reply, {
      access,
      program,
      base,
      fresh: true,
      fields: {
        title: "",
        description: "",
        date: "",
        time: "",
        duration: "30",
        timeZone: "Etc/UTC",
        invitees: [],
        mode: "",
        repeat: noRepeat,
        guests: "",
      },
    });
  });

  app.post("/o/:org/programs/:programId/meetings", async (request, reply) =>
    submit(request, reply, await load(request)),
  );

  app.get("/o/:org/programs/:programId/meetings/:meetingId", async (request, reply) => {
    const { access, program, base, meeting, meetingBase } = await loadMeeting(request);
    const viewer = requireViewer(request);
    const isOrganizer = canOnMeeting(access, "meeting.change", partiesOf(meeting));
    const duration = Math.round((meeting.endAt.getTime() - meeting.startAt.getTime()) / 60_000);
    const { timeZone: readerTimeZone } = await readPreferences(context.db, viewer.id);
    const { saved } = request.query as { saved?: string };
    const series = await loadSeries(context.db, meeting.id);
    const providerChange = await loadProviderSideChange(context.db, meeting.id);
    return sendPage(context, request, reply, {
      title: meeting.title,
      access,
      main: html`<p class="breadcrumb"><a href="${base}">${program.name}</a></p>
        ${saved === "created" || saved === "changed" ? notice(`${saved === "created" ? "The meeting is saved" : "Your changes are saved"}: everyone invited sees ${saved === "created" ? "it" : "them"} in ${program.name}.`) : ""}
        <div class="page-heading">
          <h1>${meeting.title}${meeting.cancelled ? html` <span class="badge badge-off">Cancelled</span>` : ""}</h1>
          ${
            isOrganizer && !meeting.cancelled
              ? html`<div class="button-row">
                  <a class="button button-quiet" href="${meetingBase}/edit">Change</a>
                  <a class="button button-danger-quiet" href="${meetingBase}/cancel">Cancel meeting</a>
                </div>`
              : ""
          }
        </div>
        <section class="panel">
          <p><strong>${viewerTime(meeting.startAt, { viewer: readerTimeZone, meeting: meeting.timeZone })}</strong> · ${durationLabel(duration)} · ${meeting.modeLabel}</p>
          ${meeting.description ? html`<p class="prewrap">${meeting.description}</p>` : ""}
        </section>
        ${changedInZoomNote(meeting, providerChange, { canChange: isOrganizer, base: meetingBase, csrfToken: csrfToken(reply), viewerTimeZone: readerTimeZone })}
        ${occurrenceList(
          series,
          { viewer: readerTimeZone, meeting: meeting.timeZone },
          {
            base: meetingBase,
            csrfToken: csrfToken(reply),
            canChange: isOrganizer && !meeting.cancelled,
            now: new Date(),
            links: await seriesLinks(context.db, access, meeting),
          },
        )}
        <section class="panel" aria-labelledby="video-heading">
          <h2 id="video-heading">Video</h2>
          <div data-conferencing-status="${meetingBase}/conferencing" aria-live="polite">
            ${conferencingPanel(meeting, {
              isHost: canOnMeeting(access, "meeting.start", partiesOf(meeting)),
              base: meetingBase,
            })}
          </div>
        </section>
        <section class="panel" aria-labelledby="people-heading">
          <h2 id="people-heading">People</h2>
          ${peopleList(meeting, viewer.id)}
        </section>
        ${calendarPanel(meeting, {
          base: meetingBase,
          readerTimeZone,
          programName: program.name,
          organizationName: access.organization.name,
        })}
        <script src="/assets/meeting-status.js" defer></script>`,
    });
  });

  // What the meeting page's script polls while the meeting is being made.
  app.get(
    "/o/:org/programs/:programId/meetings/:meetingId/conferencing",
    async (request, reply) => {
      const { access, meeting, meetingBase } = await loadMeeting(request);
      const isHost = canOnMeeting(access, "meeting.start", partiesOf(meeting));
      reply.header("cache-control", "no-store");
      return {
        state: meeting.conferencing.state,
        html: String(conferencingPanel(meeting, { isHost, base: meetingBase })),
      };
    },
  );

  app.get("/o/:org/programs/:programId/meetings/:meetingId/start", async (request, reply) => {
    // hostStartLink loads the meeting itself, for the viewer, and checks they host it.
    const { access, program } = await load(request);
    const { meetingId } = request.params as { meetingId: string };
    const url = await hostStartLink(deps, access, program.id, meetingId);
    reply.header("cache-control", "no-store");
    reply.header("referrer-policy", "no-referrer");
    return reply.redirect(url, 303);
  });

  app.get("/o/:org/programs/:programId/meetings/:meetingId/edit", async (request, reply) => {
    const { access, program, base, meeting } = await loadMeeting(request);
    authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
    if (meeting.cancelled) throw new DomainError("conflict", "This meeting was cancelled.");
    const { date, time } = wallClock(meeting.startAt, meeting.timeZone);
    const series = await loadSeries(context.db, meeting.id);
    return formPage(request, reply, {
      access,
      program,
      base,
      meeting,
      fields: {
        title: meeting.title,
        description: meeting.description,
        date,
        time,
        duration: String(
          Math.round((meeting.endAt.getTime() - meeting.startAt.getTime()) / 60_000),
        ),
        timeZone: meeting.timeZone,
        invitees: meeting.people.filter((p) => p.role !== "host").map((p) => p.userId),
        mode: meeting.modeKey,
        repeat: repeatFieldsOf(series?.rule),
        guests: guestListText(meeting.guests),
      },
    });
  });

  app.post("/o/:org/programs/:programId/meetings/:meetingId", async (request, reply) => {
    return submit(request, reply, await loadMeeting(request));
  });

  app.post(
    "/o/:org/programs/:programId/meetings/:meetingId/occurrences/:occurrenceId/cancel",
    async (request, reply) => {
      const { access, program, base } = await load(request);
      const { meetingId, occurrenceId } = request.params as {
        meetingId: string;
        occurrenceId: string;
      };
      await cancelOccurrence(context.db, access, program.id, meetingId, occurrenceId);
      return reply.redirect(`${base}/meetings/${meetingId}`, 303);
    },
  );

  app.get("/o/:org/programs/:programId/meetings/:meetingId/cancel", async (request, reply) => {
    const { access, meeting, meetingBase } = await loadMeeting(request);
    authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
    const withProvider = meeting.conferencing.meetingId !== null;
    const { timeZone: viewerZone } = await readPreferences(context.db, requireViewer(request).id);
    return sendPage(context, request, reply, {
      title: `Cancel ${meeting.title}`,
      access,
      main: confirmation({
        heading: `Cancel ${meeting.title}?`,
        consequences: html`<p data-cancel-told>${viewerTime(meeting.startAt, { viewer: viewerZone, meeting: meeting.timeZone })}, with
          ${peopleTold(meeting.people.length - 1, meeting.guests.length)}: each is sent the cancellation.</p>
          ${withProvider ? html`<p>The video meeting is deleted too, and its link stops working.</p>` : ""}
          <p>This cannot be undone.</p>`,
        action: `${meetingBase}/cancel`,
        confirmLabel: "Cancel meeting",
        cancelHref: meetingBase,
        backLabel: "Keep meeting",
        csrfToken: csrfToken(reply),
      }),
    });
  });

  app.post("/o/:org/programs/:programId/meetings/:meetingId/cancel", async (request, reply) => {
    const { access, program, base } = await load(request);
    const { meetingId } = request.params as { meetingId: string };
    await cancelProgramMeeting(context.db, access, program.id, meetingId);
    return reply.redirect(`${base}?cancelled=1`, 303);
  });
}

/** Who a cancellation reaches besides its organizer, in words: "2 invitees and 1 guest". */
function peopleTold(invitees: number, guests: number): string {
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  return guests > 0
    ? `${count(invitees, "invitee")} and ${count(guests, "guest")}`
    : count(invitees, "invitee");
}
