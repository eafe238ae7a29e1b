import type { FastifyInstance } from "fastify";
import { authorizeOperator } from "../../authorization/policy.ts";
import { summarizeOutbox } from "../../mail/list-outbox.ts";
import { sendMailAgain } from "../../mail/send-again.ts";
import { notice, postButton } from "../forms.ts";
import { html } from "../html.ts";
import {
  actorOfViewer,
  auditActorOf,
  csrfToken,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";

const stateLabels = {
  pending: ["waiting", "badge-off"],
  sending: ["being sent", "badge-off"],
  unconfirmed: ["not confirmed", "badge-broken"],
  failed: ["failed", "badge-broken"],
} as const;

/** Operator → Mail: whether mail is on, what went out, and every mail that waits or failed. */
export function operatorMailPage(app: FastifyInstance, context: WebContext) {
  app.get("/operator/mail", async (request, reply) => {
    authorizeOperator(actorOfViewer(requireViewer(request)), "organizations.create");
    const summary = await summarizeOutbox(context.db);
    const mode = context.config.mail;
    const token = csrfToken(reply);
    const sentAgain = (request.query as { sent_again?: unknown }).sent_again;
    return sendPage(context, request, reply, {
      title: "Mail",
      main: html`<p><a href="/operator">← Operator</a></p>
        <h1>Mail</h1>
        ${notice(typeof sentAgain === "string" && /^mail_[a-z0-9]+$/.test(sentAgain) ? `${sentAgain} is queued to be sent again.` : undefined)}
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
            <dt>Failed or not confirmed in the last week</dt><dd>${summary.failedLastWeek}</dd>
          </dl>
          <p class="muted small">"Not confirmed": a worker stopped while the server was taking the
            mail, so it was most likely delivered; confab does not send it again by itself, so
            nobody gets it twice. Send it again if its recipient says it did not arrive.</p>
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
                    <td><span class="badge ${stateLabels[m.status][1]}">${stateLabels[m.status][0]}</span>
                      <span class="muted small">${m.attempts} attempt${m.attempts === 1 ? "" : "s"}</span></td>
                    <td>${m.lastError ?? html`<span class="muted">not tried yet</span>`}
                      ${
                        m.status === "failed" || m.status === "unconfirmed"
                          ? postButton({
                              action: `/operator/mail/${m.id}/send-again`,
                              label: "Send again",
                              accessibleLabel: `Send ${m.id} again`,
                              csrfToken: token,
                            })
                          : ""
                      }</td>
                  </tr>`,
                )}</tbody></table></div>`
          }
        </section>`,
    });
  });

  app.post("/operator/mail/:id/send-again", async (request, reply) => {
    const viewer = requireViewer(request);
    authorizeOperator(actorOfViewer(viewer), "organizations.create");
    const { id } = request.params as { id: string };
    await sendMailAgain(context.db, { mailId: id, actor: auditActorOf(viewer) });
    return reply.redirect(`/operator/mail?sent_again=${encodeURIComponent(id)}`, 303);
  });
}
