import type { FastifyInstance } from "fastify";
import { readPreferences } from "../../accounts/preferences.ts";
import {
  listMyMeetings,
  type MyMeeting,
  pastLimit,
  upcomingDays,
} from "../../program-meetings/my-meetings.ts";
import { type Html, html } from "../html.ts";
import {
  actorOfViewer,
  csrfToken,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";
import { timeZoneNote } from "./account-sections.ts";
import { meetingCard } from "./program-meeting-views.ts";

/** My meetings: every meeting one is on, across all one's organizations and programs. */
export function myMeetingsPage(app: FastifyInstance, context: WebContext) {
  app.get("/meetings", async (request, reply) => {
    const viewer = requireViewer(request);
    const now = new Date();
    const [mine, { timeZone }] = await Promise.all([
      listMyMeetings(context.db, actorOfViewer(viewer), now),
      readPreferences(context.db, viewer.id),
    ]);
    const cards = (list: MyMeeting[]) =>
      html`<ul class="card-list meeting-list">${list.map((m) =>
        meetingCard(m.meeting, {
          href: `/o/${m.organization.slug}/programs/${m.meeting.programId}/meetings/${m.meeting.id}`,
          viewerId: viewer.id,
          viewerTimeZone: timeZone,
          now,
          context: `${m.meeting.programName} · ${m.organization.name}`,
          isHost: m.isHost,
        }),
      )}</ul>`;
    const section = (id: string, heading: string, list: MyMeeting[], empty: Html | string) =>
      html`<section class="panel" aria-labelledby="${id}-heading" data-section="${id}">
        <h2 id="${id}-heading">${heading}</h2>
        ${list.length === 0 ? html`<p class="muted">${empty}</p>` : cards(list)}
      </section>`;
    return sendPage(context, request, reply, {
      title: "My meetings",
      main: html`<h1>My meetings</h1>
        ${
          timeZone === null
            ? timeZoneNote({ csrfToken: csrfToken(reply), returnTo: "/meetings" })
            : html`<p class="muted" data-viewer-zone="${timeZone}">Times are in ${timeZone}, with each
                meeting's own zone beside it when that differs. <a href="/account">Change your time zone</a></p>`
        }
        ${section(
          "upcoming",
          `Upcoming: the next ${upcomingDays} days`,
          mine.upcoming,
          html`Nothing in the next ${upcomingDays} days. Later meetings are on each program's page.`,
        )}
        ${section(
          "past",
          "Past",
          mine.past,
          `No past meetings yet. The latest ${pastLimit} are kept here.`,
        )}
        ${section(
          "cancelled",
          "Cancelled",
          mine.cancelled,
          `None cancelled in the last or next ${upcomingDays} days.`,
        )}`,
    });
  });
}
