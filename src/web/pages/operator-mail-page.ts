import type { FastifyInstance } from "fastify";
import { authorizeOperator } from "../../authorization/policy.ts";
import { summarizeOutbox } from "../../mail/list-outbox.ts";
import { html } from "../html.ts";
import { actorOfViewer, requireViewer, sendPage, type WebContext } from "../web-context.ts";

/** Operator → Mail: whether mail is on, what went out, and every mail that waits or failed. */
export function operatorMailPage(app: FastifyInstance, context: WebContext) {
  app.get("/operator/mail", async (request, reply) => {
    authorizeOperator(actorOfViewer(requireViewer(request)), "organizations.create");
    const summary = await summarizeOutbox(context.db);
    const mode = context.config.mail;
    return sendPage(context, request, reply, {
      title: "Mail",
      main: html`<p><a href="/operator">← Operator</a></p>
        <h1>Mail</h1>
        <section class="panel" aria-labelledby="mail-state">
          <h2 id="mail-state">Mail channel</h2>
          <p>${
            context.outbox.on
              ? html`Mail goes out through the SMTP server in <code>SMTP_URL</code>, from <code>${mode.from}</code>.`
              : context.outbox.offOnPurpose
                ? html`Mail is <strong>off</strong> (<code>CONFAB_MAIL=off</code>): nothing is sent.`
                : html`Mail is <strong>off</strong>: <code>SMTP_URL</code> is not set, so nothing is sent.`
          }</p>
          <dl class="facts">
            <dt>Sent in the last day</dt><dd>${summary.sentLastDay}</dd>
            <dt>Waiting to be sent</dt><dd>${summary.waiting}</dd>
            <dt>Failed in the last week</dt><dd>${summary.failedLastWeek}</dd>
          </dl>
        </section>
        <section class="panel" aria-labelledby="unsent-heading">
          <h2 id="unsent-heading">Waiting and failed</h2>
          ${
            summary.unsent.length === 0
              ? html`<p class="muted">Nothing waits and nothing failed.</p>`
              : html`<div class="table-scroll"><table class="table">
                <thead><tr><th scope="col">Mail</th><th scope="col">To</th><th scope="col">State</th><th scope="col">Reason</th></tr></thead>
                <tbody>${summary.unsent.map(
                  (m) => html`<tr>
                    <th scope="row">${m.kind.replaceAll("_", " ")}<br><span class="muted small">${m.id} · ${m.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC</span></th>
                    <td>${m.recipient}</td>
                    <td><span class="badge ${m.status === "failed" ? "badge-broken" : "badge-off"}">${m.status === "failed" ? "failed" : "waiting"}</span>
                      <span class="muted small">${m.attempts} attempt${m.attempts === 1 ? "" : "s"}</span></td>
                    <td>${m.lastError ?? html`<span class="muted">not tried yet</span>`}</td>
                  </tr>`,
                )}</tbody></table></div>`
          }
        </section>`,
    });
  });
}
