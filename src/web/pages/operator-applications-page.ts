import type { FastifyInstance } from "fastify";
import { authorizeOperator } from "../../authorization/policy.ts";
import { listApplicationUsage } from "../../quotas/application-usage.ts";
import { html } from "../html.ts";
import { actorOfViewer, requireViewer, sendPage, type WebContext } from "../web-context.ts";

/** Operator → Applications: what each application holds and asks of this instance. */
export function operatorApplicationsPage(app: FastifyInstance, context: WebContext) {
  app.get("/operator/applications", async (request, reply) => {
    authorizeOperator(actorOfViewer(requireViewer(request)), "organizations.create");
    const usage = await listApplicationUsage(context.db);
    const { quotas } = context.config;
    return sendPage(context, request, reply, {
      title: "Applications",
      main: html`<p><a href="/operator">← Operator</a></p>
        <h1>Applications</h1>
        <p class="lead">Every organization's applications, busiest first. Each may make
          ${quotas.rates.application.perSecond} requests a second and
          ${quotas.rates.application.perMinute} a minute (a calendar's tokens
          ${quotas.rates.calendar.perSecond} and ${quotas.rates.calendar.perMinute}), keep
          ${quotas.calendarsPerApplication} calendars and ${quotas.eventsPerCalendar} events a
          calendar.</p>
        <section class="panel">
          ${
            usage.length === 0
              ? html`<div class="empty-state"><p><strong>No applications yet.</strong></p></div>`
              : html`<div class="table-scroll"><table class="table" data-application-usage>
                  <thead><tr><th scope="col">Application</th><th scope="col">Requests (last minute / hour)</th>
                    <th scope="col">Calendars</th><th scope="col">Live grants</th><th scope="col">Events</th>
                    <th scope="col">Notifications waiting</th></tr></thead>
                  <tbody>${usage.map(
                    (u) => html`<tr>
                      <th scope="row">${u.name}<br><span class="muted small">${u.organization}</span></th>
                      <td>${u.requestsLastMinute} / ${u.requestsLastHour}</td>
                      <td>${u.calendars}</td>
                      <td>${u.liveGrants}</td>
                      <td>${u.events}</td>
                      <td>${u.notificationsWaiting}${u.endpointsPaused > 0 ? html` <span class="badge badge-broken">${u.endpointsPaused} endpoint${u.endpointsPaused === 1 ? "" : "s"} paused</span>` : ""}</td>
                    </tr>`,
                  )}</tbody></table></div>`
          }
        </section>`,
    });
  });
}
