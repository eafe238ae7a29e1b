import type { FastifyInstance } from "fastify";
import type { CaughtMessage, MailSandbox } from "../../sandbox/mail/index.ts";
import { DomainError } from "../domain-error.ts";
import { html } from "../web/html.ts";
import { sendPage, type WebContext } from "../web/web-context.ts";
import { demoPeople } from "./demo-people.ts";

/**
 * The Demo inbox: what confab sent, as the demo's SMTP server caught it, by recipient. It exists
 * only while the demo runs its own mail server, and shows nothing that did not cross SMTP.
 */
export function demoInboxPages(app: FastifyInstance, context: WebContext) {
  const mailbox = context.demo?.mailbox;
  if (!mailbox) return;

  app.get("/demo/inbox", async (request, reply) => {
    const to = (request.query as { to?: unknown }).to;
    const selected = typeof to === "string" && to !== "" ? to.toLowerCase() : undefined;
    const all = mailbox.messages();
    const recipients = recipientsOf(all);
    const shown = (selected ? mailbox.messagesTo(selected) : all).slice().reverse();
    return sendPage(context, request, reply, {
      title: "Demo inbox",
      main: html`<h1>Demo inbox</h1>
        <p class="muted">Every mail confab sent while the demo ran, as its own SMTP server
          (${mailbox.smtpUrl}) received it. Nothing leaves this machine.</p>
        <div class="inbox">
          <nav class="panel inbox-people" aria-label="Recipients">
            <h2>People</h2>
            <ul class="plain-list">
              <li><a href="/demo/inbox"${selected ? "" : html` aria-current="page"`}>Everyone (${all.length})</a></li>
              ${recipients.map(
                (r) =>
                  html`<li><a href="/demo/inbox?to=${encodeURIComponent(r.email)}"${
                    selected === r.email ? html` aria-current="page"` : ""
                  }>${r.name ?? r.email} (${r.count})</a></li>`,
              )}
            </ul>
          </nav>
          <section class="panel inbox-list" aria-labelledby="inbox-heading">
            <h2 id="inbox-heading">${selected ? `Mail to ${selected}` : "All mail"}</h2>
            ${
              shown.length === 0
                ? html`<p class="muted">No mail yet.</p>`
                : html`<ul class="plain-list inbox-messages">
                  ${shown.map(
                    (
                      m,
                    ) => html`<li><a href="/demo/inbox/${m.id}"><strong>${m.subject || "(no subject)"}</strong></a>
                      <span class="muted small">to ${m.envelope.to.join(", ")} · ${m.receivedAt.slice(0, 16).replace("T", " ")} UTC${
                        m.calendars.length > 0 ? " · calendar invitation" : ""
                      }</span></li>`,
                  )}
                </ul>`
            }
          </section>
        </div>`,
    });
  });

  app.get("/demo/inbox/:id", async (request, reply) => {
    const message = find(mailbox, request.params);
    return sendPage(context, request, reply, {
      title: message.subject || "Mail",
      main: html`<p><a href="/demo/inbox?to=${encodeURIComponent(message.envelope.to[0] ?? "")}">← Demo inbox</a></p>
        <h1>${message.subject || "(no subject)"}</h1>
        <section class="panel">
          <dl class="facts">
            <dt>From</dt><dd>${message.from}</dd>
            <dt>To</dt><dd>${message.envelope.to.join(", ")}</dd>
            <dt>Received</dt><dd>${message.receivedAt.replace("T", " ").slice(0, 19)} UTC</dd>
            <dt>Message-ID</dt><dd><code>${message.messageId ?? "none"}</code></dd>
          </dl>
          ${
            message.attachments.length > 0
              ? html`<h2>Attachments</h2><ul class="plain-list">
                ${message.attachments.map(
                  (
                    a,
                    i,
                  ) => html`<li><a href="/demo/inbox/${message.id}/attachments/${i}" download="${a.filename ?? `attachment-${i}`}">${a.filename ?? `attachment ${i + 1}`}</a>
                    <span class="muted small">${a.contentType}</span></li>`,
                )}
              </ul>`
              : ""
          }
        </section>
        ${
          message.html
            ? html`<section class="panel"><h2>HTML part</h2>
              <iframe class="inbox-html" title="The mail's HTML part" sandbox src="/demo/inbox/${message.id}/html"></iframe></section>`
            : ""
        }
        <section class="panel"><h2>Text part</h2><pre class="inbox-text">${message.text ?? "(none)"}</pre></section>
        ${message.calendars.map(
          (c) => html`<section class="panel"><h2>Calendar part (METHOD:${c.method ?? "none"})</h2>
            <pre class="inbox-text">${c.content}</pre></section>`,
        )}`,
    });
  });

  // The mail's own HTML, in a sandboxed frame: no script runs, nothing is fetched from elsewhere.
  app.get("/demo/inbox/:id/html", async (request, reply) => {
    const message = find(mailbox, request.params);
    return reply
      .header("content-security-policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'")
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(message.html ?? "");
  });

  app.get("/demo/inbox/:id/attachments/:n", async (request, reply) => {
    const message = find(mailbox, request.params);
    const n = Number((request.params as { n: string }).n);
    const attachment = Number.isInteger(n) ? message.attachments[n] : undefined;
    if (!attachment) throw new DomainError("not_found", "This mail has no such attachment.");
    const name = (attachment.filename ?? `attachment-${n}`).replace(/[^A-Za-z0-9._-]/g, "_");
    return reply
      .header("content-disposition", `attachment; filename="${name}"`)
      .header("cache-control", "no-store")
      .type(attachment.contentType)
      .send(Buffer.from(attachment.content, "base64"));
  });
}

function find(mailbox: MailSandbox, params: unknown): CaughtMessage {
  const message = mailbox.message((params as { id: string }).id);
  if (!message) throw new DomainError("not_found", "There is no such mail in the Demo inbox.");
  return message;
}

/** The demo's people first, by name, then any other address that got mail. */
function recipientsOf(messages: CaughtMessage[]) {
  const counts = new Map<string, number>();
  for (const m of messages)
    for (const to of m.envelope.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  const named = demoPeople
    .filter((p) => counts.has(p.email))
    .map((p) => ({
      email: p.email,
      name: p.name as string | undefined,
      count: counts.get(p.email) ?? 0,
    }));
  const others = [...counts.keys()]
    .filter((email) => !demoPeople.some((p) => p.email === email))
    .sort()
    .map((email) => ({ email, name: undefined, count: counts.get(email) ?? 0 }));
  return [...named, ...others];
}
