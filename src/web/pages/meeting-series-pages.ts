import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { readPreferences } from "../../accounts/preferences.ts";
import { authorizeOnMeeting } from "../../authorization/policy.ts";
import { wallClock } from "../../conferencing/zoned-time.ts";
import { DomainError } from "../../domain-error.ts";
import { loadProgram } from "../../orgs/programs.ts";
import { durationChoices } from "../../program-meetings/meeting-draft.ts";
import {
  moveOccurrence,
  type OccurrenceMoveFields,
} from "../../program-meetings/move-occurrence.ts";
import { loadProgramMeeting, partiesOf } from "../../program-meetings/program-meeting.ts";
import { loadSeries, scheduledStartOf } from "../../program-meetings/series-occurrences.ts";
import { splitChanges } from "../../program-meetings/split-changes.ts";
import {
  type FollowingFields,
  followingFieldsOf,
  prepareSeriesSplit,
  type SeriesSplit,
  saveSeriesSplit,
} from "../../program-meetings/split-series.ts";
import { createProviders } from "../../providers/registry.ts";
import { earlierResult, submitOnce } from "../../submissions/submit-once.ts";
import {
  csrfInput,
  type FieldErrors,
  type FormState,
  field,
  formAlert,
  refusedForm,
  selectField,
  textOf,
} from "../forms.ts";
import { type Html, html } from "../html.ts";
import { submissionKeyInput, submissionOf } from "../submission-key.ts";
import { type TimeZones, viewerTime } from "../viewer-time.ts";
import {
  csrfToken,
  requireOrgAccess,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";
import { repeatFieldset, repeatFieldsOfBody, repeatHiddenValues } from "./meeting-series-views.ts";
import { durationLabel } from "./program-meeting-views.ts";
import { splitAlreadyDone, splitReview } from "./series-split-views.ts";

/**
 * A change from one meeting of a series ("Change this one" on the Series panel): that meeting
 * alone (a new date, time or length; the series and its join link go on), or this and the
 * following ones (the series ends before it and a new series, with its own link, goes on),
 * checked on a review page before anything is split.
 */
export function meetingSeriesPages(app: FastifyInstance, context: WebContext) {
  const deps = {
    db: context.db,
    vault: context.vault,
    providers: createProviders(context.config, context.db),
  };
  /** The series a change is for, as its organizer may change it: the opening of every page here. */
  const loadSeriesMeeting = async (request: FastifyRequest) => {
    const access = await requireOrgAccess(context, request);
    const { programId, meetingId } = request.params as { programId: string; meetingId: string };
    const program = await loadProgram(context.db, access, programId);
    const meeting = await loadProgramMeeting(context.db, access, program.id, meetingId);
    authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
    if (meeting.cancelled) throw new DomainError("conflict", "This meeting was cancelled.");
    const series = await loadSeries(context.db, meeting.id);
    const programBase = `/o/${access.organization.slug}/programs/${program.id}`;
    return {
      access,
      program,
      meeting,
      series,
      programBase,
      meetingBase: `${programBase}/meetings/${meeting.id}`,
    };
  };
  /** The meeting of the series the address names. */
  const occurrenceIn = (
    request: FastifyRequest,
    loaded: Awaited<ReturnType<typeof loadSeriesMeeting>>,
  ) => {
    const { occurrenceId } = request.params as { occurrenceId: string };
    const { series } = loaded;
    const occurrence = series?.occurrences.find((o) => o.occurrenceId === occurrenceId);
    if (!series || !occurrence) {
      throw new DomainError("not_found", "The series has no such meeting.");
    }
    const isFirst = series.occurrences[0]?.occurrenceId === occurrence.occurrenceId;
    return { ...loaded, series, occurrence, isFirst };
  };
  type Loaded = ReturnType<typeof occurrenceIn>;
  const loadOccurrence = async (request: FastifyRequest) =>
    occurrenceIn(request, await loadSeriesMeeting(request));
  /** A form for a meeting that has not started and was not cancelled (the POSTs check it again). */
  const loadChangeable = async (request: FastifyRequest) => {
    const loaded = await loadOccurrence(request);
    if (loaded.occurrence.status === "cancelled") {
      throw new DomainError("conflict", "That meeting was cancelled: it cannot be changed.");
    }
    if (loaded.occurrence.startAt.getTime() <= Date.now()) {
      throw new DomainError(
        "conflict",
        "That meeting has started: only later ones can be changed.",
      );
    }
    return loaded;
  };
  const zonesOf = async (request: FastifyRequest, meeting: { timeZone: string }) => {
    const { timeZone } = await readPreferences(context.db, requireViewer(request).id);
    return { viewer: timeZone, meeting: meeting.timeZone };
  };
  /** "Only this one" and "This and following" alike: the breadcrumb, heading and choices. */
  const occurrencePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    o: {
      title: string;
      heading: string;
      current: "one" | "following";
      state: FormState | undefined;
      body: (zones: TimeZones) => Html;
    },
  ) => {
    const { access, meeting, occurrence, meetingBase } = loaded;
    const zones = await zonesOf(request, meeting);
    return sendPage(context, request, reply, {
      title: `${o.title} · ${meeting.title}`,
      access,
      status: o.state?.status,
      main: html`<p class="breadcrumb"><a href="${meetingBase}">${meeting.title}</a></p>
        <h1>${o.heading}</h1>
        ${editChoices(meetingBase, occurrence.occurrenceId, loaded.isFirst, o.current)}
        ${formAlert(o.state?.error)}
        ${o.body(zones)}`,
    });
  };
  const durationSelect = (value: string, errors: FieldErrors) =>
    selectField({
      label: "Duration",
      name: "duration",
      options: durationChoices.map((m) => ({ value: String(m), label: durationLabel(m) })),
      value,
      errors,
    });

  const changePage = (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    values: OccurrenceMoveFields,
    state?: FormState,
  ) => {
    const { meeting, occurrence, meetingBase } = loaded;
    const action = `${meetingBase}/occurrences/${occurrence.occurrenceId}/change`;
    const errors = state?.errors ?? {};
    return occurrencePage(request, reply, loaded, {
      title: "Change one meeting",
      heading: "Change this meeting only",
      current: "one",
      state,
      body: (
        zones,
      ) => html`<p>Scheduled for <strong>${viewerTime(scheduledStartOf(occurrence.occurrenceId), zones)}</strong>${
        occurrence.status === "moved"
          ? html`, now moved to <strong>${viewerTime(occurrence.startAt, zones)}</strong>`
          : ""
      }. The other meetings of the series and its join link stay as they are; everyone
          invited gets the change.</p>
        <form method="post" action="${action}" class="stack" novalidate>
          ${csrfInput(csrfToken(reply))}
          <div class="form-grid">
            ${field({ label: `Date (${meeting.timeZone})`, name: "date", type: "date", value: values.date, errors })}
            ${field({ label: `Time (${meeting.timeZone})`, name: "time", type: "time", value: values.time, errors })}
            ${durationSelect(values.duration, errors)}
          </div>
          <div class="button-row">
            <button type="submit" class="button">Save this meeting</button>
            <a class="button button-quiet" href="${meetingBase}">Back</a>
          </div>
        </form>
        <p class="muted small">To change every meeting of the series, use Change on the meeting's
          page: that puts meetings moved one by one back to the series' times.</p>`,
    });
  };

  app.get(
    "/o/:org/programs/:programId/meetings/:meetingId/occurrences/:occurrenceId/change",
    async (request, reply) => {
      const loaded = await loadChangeable(request);
      const { date, time } = wallClock(loaded.occurrence.startAt, loaded.meeting.timeZone);
      return changePage(request, reply, loaded, {
        date,
        time,
        duration: String(loaded.occurrence.durationMinutes),
      });
    },
  );

  app.post(
    "/o/:org/programs/:programId/meetings/:meetingId/occurrences/:occurrenceId/change",
    async (request, reply) => {
      const loaded = await loadOccurrence(request);
      const fields = {
        date: textOf(request.body, "date"),
        time: textOf(request.body, "time"),
        duration: textOf(request.body, "duration"),
      };
      try {
        await moveOccurrence(
          context.db,
          loaded.access,
          loaded.program.id,
          loaded.meeting.id,
          loaded.occurrence.occurrenceId,
          fields,
        );
      } catch (error) {
        return changePage(
          request,
          reply,
          loaded,
          fields,
          refusedForm(error, undefined, { withoutFields: true }),
        );
      }
      return reply.redirect(`${loaded.meetingBase}?saved=changed`, 303);
    },
  );

  const followingFieldsOfBody = (body: unknown): FollowingFields => ({
    // A form from before the title field leaves the series' title as it is.
    title:
      typeof (body as Record<string, unknown> | undefined)?.title === "string"
        ? textOf(body, "title")
        : undefined,
    date: textOf(body, "date"),
    time: textOf(body, "time"),
    duration: textOf(body, "duration"),
    repeat: repeatFieldsOfBody(body),
  });

  const followingPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    values: FollowingFields,
    submissionKey: string | undefined,
    state?: FormState,
  ) => {
    const { meeting, occurrence, meetingBase } = loaded;
    const errors = state?.errors ?? {};
    const lastKept = loaded.series.occurrences
      .filter((o) => Number(o.occurrenceId) < Number(occurrence.occurrenceId))
      .at(-1);
    return occurrencePage(request, reply, loaded, {
      title: "Change this and following",
      heading: "Change this and following meetings",
      current: "following",
      state,
      body: (zones) => html`<p data-split-warning>The series ends with its meeting of
          <strong>${lastKept ? viewerTime(lastKept.startAt, zones) : ""}</strong>, and a new series
          starts from <strong>${viewerTime(scheduledStartOf(occurrence.occurrenceId), zones)}</strong>
          with your changes. The new series is a meeting of its own, with a new video meeting
          and <strong>a new join link</strong>: everyone invited gets a new invitation for it.
          You check all of it before anything changes.</p>
        <form method="post" action="${meetingBase}/occurrences/${occurrence.occurrenceId}/following" class="stack" novalidate>
          ${csrfInput(csrfToken(reply))}
          ${submissionKeyInput(submissionKey)}
          ${field({ label: "Title", name: "title", value: values.title ?? meeting.title, errors, required: true })}
          <div class="form-grid">
            ${field({ label: `First date (${meeting.timeZone})`, name: "date", type: "date", value: values.date, errors })}
            ${field({ label: `Time (${meeting.timeZone})`, name: "time", type: "time", value: values.time, errors })}
            ${durationSelect(values.duration, errors)}
          </div>
          ${repeatFieldset(values.repeat, errors)}
          <div class="button-row">
            <button type="submit" class="button">Continue</button>
            <a class="button button-quiet" href="${meetingBase}">Back</a>
          </div>
        </form>`,
    });
  };

  const reviewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    split: SeriesSplit,
    fields: FollowingFields,
    submissionKey: string | undefined,
  ) => {
    const { access, meeting, occurrence, meetingBase } = loaded;
    const { mode, ownProfile } = split.following;
    const providerName =
      mode.kind === "provider"
        ? (ownProfile?.displayName ?? deps.providers.get(mode.key)?.displayName ?? mode.label)
        : undefined;
    return sendPage(context, request, reply, {
      title: `Check the split · ${meeting.title}`,
      access,
      main: html`<p class="breadcrumb"><a href="${meetingBase}">${meeting.title}</a></p>
        ${splitReview({
          action: `${meetingBase}/occurrences/${occurrence.occurrenceId}/following`,
          csrfToken: csrfToken(reply),
          split,
          changes: splitChanges(split),
          zones: await zonesOf(request, meeting),
          providerName,
          fields: {
            ...(fields.title === undefined ? {} : { title: fields.title }),
            date: fields.date,
            time: fields.time,
            duration: fields.duration,
            ...repeatHiddenValues(fields.repeat),
            ...(submissionKey ? { submission_key: submissionKey } : {}),
          },
          viewerId: requireViewer(request).id,
        })}`,
    });
  };

  app.get(
    "/o/:org/programs/:programId/meetings/:meetingId/occurrences/:occurrenceId/following",
    async (request, reply) => {
      const loaded = await loadChangeable(request);
      if (loaded.isFirst) {
        return reply.redirect(`${loaded.meetingBase}/edit`, 303);
      }
      return followingPage(
        request,
        reply,
        loaded,
        followingFieldsOf(
          loaded.meeting,
          loaded.series.rule,
          loaded.series.occurrences,
          loaded.occurrence,
        ),
        undefined,
      );
    },
  );

  /**
   * The form, then its review (step absent), Back to the form (step "edit"), or the split
   * (step "save"). The form's one-time key makes a confirm sent again (Back then once more, a
   * reload) say the split is done rather than split the new series' meetings off a second time.
   */
  app.post(
    "/o/:org/programs/:programId/meetings/:meetingId/occurrences/:occurrenceId/following",
    async (request, reply) => {
      const found = await loadSeriesMeeting(request);
      const submission = submissionOf(request, "meeting.split_series");
      // Before the meeting is looked for: once split, the series no longer has it.
      const earlier = await earlierResult(context.db, submission);
      if (earlier !== undefined) return alreadySplit(request, reply, found, earlier);
      const loaded = occurrenceIn(request, found);
      const viewer = requireViewer(request);
      const fields = followingFieldsOfBody(request.body);
      const step = textOf(request.body, "step");
      if (step === "edit") {
        return followingPage(request, reply, loaded, fields, submission.key);
      }
      let split: SeriesSplit;
      try {
        split = await prepareSeriesSplit(
          deps,
          loaded.access,
          loaded.program,
          { userId: viewer.id, email: viewer.email, name: viewer.name },
          loaded.meeting.id,
          loaded.occurrence.occurrenceId,
          fields,
        );
      } catch (error) {
        return followingPage(
          request,
          reply,
          loaded,
          fields,
          submission.key,
          refusedForm(error, undefined, { withoutFields: true }),
        );
      }
      if (step !== "save") {
        return reviewPage(request, reply, loaded, split, fields, submission.key);
      }
      try {
        const { resultPath, repeated } = await submitOnce(
          context.db,
          context.vault,
          submission,
          async (trx) => {
            const saved = await saveSeriesSplit(
              { ...deps, db: trx },
              loaded.access,
              loaded.program,
              split,
            );
            return { resultPath: `${loaded.programBase}/meetings/${saved.id}?saved=created` };
          },
        );
        if (repeated) return alreadySplit(request, reply, found, resultPath);
        return reply.redirect(resultPath, 303);
      } catch (error) {
        // What changed since the review (the series, the program's rules) sends the form back.
        return followingPage(
          request,
          reply,
          loaded,
          fields,
          submission.key,
          refusedForm(error, undefined, { withoutFields: true }),
        );
      }
    },
  );

  const alreadySplit = (
    request: FastifyRequest,
    reply: FastifyReply,
    found: Awaited<ReturnType<typeof loadSeriesMeeting>>,
    resultPath: string,
  ) =>
    sendPage(context, request, reply, {
      title: `Already done · ${found.meeting.title}`,
      access: found.access,
      main: html`<p class="breadcrumb"><a href="${found.meetingBase}">${found.meeting.title}</a></p>
        ${splitAlreadyDone({ title: found.meeting.title, newSeriesPath: resultPath.replace(/\?.*$/, "") })}`,
    });
}

/** "Only this one", "This and following", "All": how much of the series a change is for. */
function editChoices(
  meetingBase: string,
  occurrenceId: string,
  isFirst: boolean,
  current: "one" | "following",
) {
  const choice = (label: string, href: string, here: boolean) =>
    html`<a href="${href}"${here ? html` aria-current="page"` : ""}>${label}</a>`;
  return html`<nav class="tabs" aria-label="What to change" data-edit-choices>
    ${choice("Only this one", `${meetingBase}/occurrences/${occurrenceId}/change`, current === "one")}
    ${isFirst ? "" : choice("This and following", `${meetingBase}/occurrences/${occurrenceId}/following`, current === "following")}
    ${choice("All", `${meetingBase}/edit`, false)}
  </nav>`;
}
