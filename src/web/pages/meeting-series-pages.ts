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
import {
  type FollowingFields,
  followingFieldsOf,
  prepareSeriesSplit,
  saveSeriesSplit,
} from "../../program-meetings/split-series.ts";
import { createProviders } from "../../providers/registry.ts";
import { csrfInput, type FormState, field, formAlert, selectField, textOf } from "../forms.ts";
import { html } from "../html.ts";
import { viewerTime } from "../viewer-time.ts";
import {
  csrfToken,
  requireOrgAccess,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";
import { repeatFieldset, repeatFieldsOfBody } from "./meeting-series-views.ts";
import { durationLabel } from "./program-meeting-views.ts";

/**
 * A change from one meeting of a series ("Change this one" on the Series panel): that meeting
 * alone (a new date, time or length; the series and its join link go on), or this and the
 * following ones (the series ends before it and a new series, with its own link, goes on).
 */
export function meetingSeriesPages(app: FastifyInstance, context: WebContext) {
  const deps = {
    db: context.db,
    vault: context.vault,
    providers: createProviders(context.config, context.db),
  };
  const loadOccurrence = async (request: FastifyRequest) => {
    const access = await requireOrgAccess(context, request);
    const { programId, meetingId, occurrenceId } = request.params as {
      programId: string;
      meetingId: string;
      occurrenceId: string;
    };
    const program = await loadProgram(context.db, access, programId);
    const meeting = await loadProgramMeeting(context.db, access, program.id, meetingId);
    authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
    if (meeting.cancelled) throw new DomainError("conflict", "This meeting was cancelled.");
    const series = await loadSeries(context.db, meeting.id);
    const occurrence = series?.occurrences.find((o) => o.occurrenceId === occurrenceId);
    if (!occurrence) throw new DomainError("not_found", "The series has no such meeting.");
    const base = `/o/${access.organization.slug}/programs/${program.id}`;
    const isFirst = series?.occurrences[0]?.occurrenceId === occurrence.occurrenceId;
    return {
      access,
      program,
      meeting,
      series: series as NonNullable<typeof series>,
      occurrence,
      isFirst,
      meetingBase: `${base}/meetings/${meeting.id}`,
    };
  };
  const refuseStarted = (occurrence: { status: string; startAt: Date }) => {
    if (occurrence.status === "cancelled") {
      throw new DomainError("conflict", "That meeting was cancelled: it cannot be changed.");
    }
    if (occurrence.startAt.getTime() <= Date.now()) {
      throw new DomainError(
        "conflict",
        "That meeting has started: only later ones can be changed.",
      );
    }
  };

  const changePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Awaited<ReturnType<typeof loadOccurrence>>,
    values: OccurrenceMoveFields,
    state?: FormState,
  ) => {
    const { access, meeting, occurrence, meetingBase } = loaded;
    const { timeZone: viewerZone } = await readPreferences(context.db, requireViewer(request).id);
    const zones = { viewer: viewerZone, meeting: meeting.timeZone };
    const action = `${meetingBase}/occurrences/${occurrence.occurrenceId}/change`;
    const errors = state?.errors ?? {};
    return sendPage(context, request, reply, {
      title: `Change one meeting · ${meeting.title}`,
      access,
      status: state?.status,
      main: html`<p class="breadcrumb"><a href="${meetingBase}">${meeting.title}</a></p>
        <h1>Change this meeting only</h1>
        ${editChoices(meetingBase, occurrence.occurrenceId, loaded.isFirst, "one")}
        ${formAlert(state?.error)}
        <p>Scheduled for <strong>${viewerTime(scheduledStartOf(occurrence.occurrenceId), zones)}</strong>${
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
            ${selectField({
              label: "Duration",
              name: "duration",
              options: durationChoices.map((m) => ({ value: String(m), label: durationLabel(m) })),
              value: values.duration,
              errors,
            })}
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
      const loaded = await loadOccurrence(request);
      refuseStarted(loaded.occurrence);
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
        if (!(error instanceof DomainError) || error.kind === "not_found") throw error;
        return changePage(request, reply, loaded, fields, {
          errors: error.fields ?? {},
          error: error.message,
          status: error.kind === "invalid_input" ? 400 : 409,
        });
      }
      return reply.redirect(`${loaded.meetingBase}?saved=changed`, 303);
    },
  );

  const followingPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Awaited<ReturnType<typeof loadOccurrence>>,
    values: FollowingFields,
    state?: FormState,
  ) => {
    const { access, meeting, occurrence, meetingBase } = loaded;
    const { timeZone: viewerZone } = await readPreferences(context.db, requireViewer(request).id);
    const zones = { viewer: viewerZone, meeting: meeting.timeZone };
    const errors = state?.errors ?? {};
    const kept = loaded.series.occurrences.filter(
      (o) => Number(o.occurrenceId) < Number(occurrence.occurrenceId),
    );
    const lastKept = kept.at(-1);
    return sendPage(context, request, reply, {
      title: `Change this and following · ${meeting.title}`,
      access,
      status: state?.status,
      main: html`<p class="breadcrumb"><a href="${meetingBase}">${meeting.title}</a></p>
        <h1>Change this and following meetings</h1>
        ${editChoices(meetingBase, occurrence.occurrenceId, loaded.isFirst, "following")}
        ${formAlert(state?.error)}
        <p data-split-warning>The series ends with its meeting of
          <strong>${lastKept ? viewerTime(lastKept.startAt, zones) : ""}</strong>, and a new series
          starts from <strong>${viewerTime(scheduledStartOf(occurrence.occurrenceId), zones)}</strong>
          with your changes. The new series is a meeting of its own, with a new video meeting
          and <strong>a new join link</strong>: everyone invited gets a new invitation for it.</p>
        <form method="post" action="${meetingBase}/occurrences/${occurrence.occurrenceId}/following" class="stack" novalidate>
          ${csrfInput(csrfToken(reply))}
          <div class="form-grid">
            ${field({ label: `First date (${meeting.timeZone})`, name: "date", type: "date", value: values.date, errors })}
            ${field({ label: `Time (${meeting.timeZone})`, name: "time", type: "time", value: values.time, errors })}
            ${selectField({
              label: "Duration",
              name: "duration",
              options: durationChoices.map((m) => ({ value: String(m), label: durationLabel(m) })),
              value: values.duration,
              errors,
            })}
          </div>
          ${repeatFieldset(values.repeat, errors)}
          <div class="button-row">
            <button type="submit" class="button">Make the new series</button>
            <a class="button button-quiet" href="${meetingBase}">Back</a>
          </div>
        </form>`,
    });
  };

  app.get(
    "/o/:org/programs/:programId/meetings/:meetingId/occurrences/:occurrenceId/following",
    async (request, reply) => {
      const loaded = await loadOccurrence(request);
      refuseStarted(loaded.occurrence);
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
      );
    },
  );

  app.post(
    "/o/:org/programs/:programId/meetings/:meetingId/occurrences/:occurrenceId/following",
    async (request, reply) => {
      const loaded = await loadOccurrence(request);
      const viewer = requireViewer(request);
      const fields: FollowingFields = {
        date: textOf(request.body, "date"),
        time: textOf(request.body, "time"),
        duration: textOf(request.body, "duration"),
        repeat: repeatFieldsOfBody(request.body),
      };
      try {
        const split = await prepareSeriesSplit(
          deps,
          loaded.access,
          loaded.program,
          { userId: viewer.id, email: viewer.email, name: viewer.name },
          loaded.meeting.id,
          loaded.occurrence.occurrenceId,
          fields,
        );
        const saved = await saveSeriesSplit(deps, loaded.access, loaded.program, split);
        const base = `/o/${loaded.access.organization.slug}/programs/${loaded.program.id}`;
        return reply.redirect(`${base}/meetings/${saved.id}?saved=created`, 303);
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind === "not_found") throw error;
        return followingPage(request, reply, loaded, fields, {
          errors: error.fields ?? {},
          error: error.message,
          status: error.kind === "invalid_input" ? 400 : 409,
        });
      }
    },
  );
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
