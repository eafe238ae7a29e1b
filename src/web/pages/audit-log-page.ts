import type { FastifyInstance } from "fastify";
import { describeAuditAction } from "../../audit/audit-actions.ts";
import { listAuditEntries } from "../../audit/list-audit-entries.ts";
import { html } from "../html.ts";
import { requireOrgAccess, sendPage, type WebContext } from "../web-context.ts";
import { roleKeysInWords } from "./role-labels.ts";

const pageSize = 50;

/**
 * Manage → Audit log: who did what, newest first. Entries keep roles by their keys, as they were
 * recorded; the page words them, so older entries read the same way.
 */
export function auditLogPage(app: FastifyInstance, context: WebContext) {
  app.get("/o/:org/manage/audit-log", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    const before = (request.query as { before?: unknown }).before;
    const entries = await listAuditEntries(context.db, access, {
      limit: pageSize,
      before: typeof before === "string" ? before : undefined,
    });
    const last = entries.at(-1);
    return sendPage(context, request, reply, {
      title: "Audit log",
      access,
      manageSection: "audit-log",
      main: html`<h1>Audit log</h1>
        ${
          entries.length === 0
            ? html`<div class="empty-state"><p><strong>Nothing recorded yet.</strong></p></div>`
            : html`<table class="table">
                <thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th></tr></thead>
                <tbody>
                  ${entries.map(
                    (e) => html`<tr>
                      <td class="nowrap"><time datetime="${e.createdAt.toISOString()}">${e.createdAt.toISOString().slice(0, 16).replace("T", " ")}</time></td>
                      <td>${e.actorLabel}</td>
                      <td>${describeAuditAction(e.action)} <strong>${roleKeysInWords(e.subject)}</strong></td>
                    </tr>`,
                  )}
                </tbody>
              </table>
              ${entries.length === pageSize && last ? html`<p><a href="?before=${last.id}">Older entries</a></p>` : ""}`
        }`,
    });
  });
}
