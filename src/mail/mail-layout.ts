import { html } from "../web/html.ts";
import type { RenderedMail } from "./outgoing-mail.ts";

/** What a mail says, in order; both the HTML and the text part are made from it. */
export interface MailBody {
  subject: string;
  /** The first line, e.g. "Join Northwind Mentoring". */
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string } | undefined;
  /** Lines under the button: how long a link works, what to do if this was not you. */
  notes?: string[] | undefined;
}

/**
 * One plain layout for every mail: a heading, short paragraphs, at most one button whose link
 * is also written out, and notes. No images, no remote content, readable as text alone.
 */
export function renderMail(body: MailBody): Pick<RenderedMail, "subject" | "text" | "html"> {
  const notes = body.notes ?? [];
  const text = [
    body.heading,
    "",
    ...body.paragraphs.flatMap((p) => [p, ""]),
    ...(body.action ? [`${body.action.label}: ${body.action.url}`, ""] : []),
    ...notes.flatMap((n) => [n, ""]),
    "— confab",
    "",
  ].join("\n");
  const markup = html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${body.subject}</title></head>
<body style="margin:0;padding:24px;background:#f6f7f9;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2430;line-height:1.5">
<main style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #dde1e7;border-radius:8px;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${body.heading}</h1>
${body.paragraphs.map((p) => html`<p style="margin:0 0 12px">${p}</p>`)}
${
  body.action
    ? html`<p style="margin:20px 0"><a href="${body.action.url}" style="display:inline-block;background:#1f5fbf;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600">${body.action.label}</a></p>
<p style="margin:0 0 12px;font-size:14px;color:#4a5565">Or open this link: <a href="${body.action.url}" style="color:#1f5fbf;word-break:break-all">${body.action.url}</a></p>`
    : ""
}
${notes.map((n) => html`<p style="margin:0 0 12px;font-size:14px;color:#4a5565">${n}</p>`)}
</main>
<p style="max-width:560px;margin:12px auto 0;font-size:12px;color:#4a5565">Sent by confab.</p>
</body>
</html>`;
  return { subject: body.subject, text, html: markup.value };
}
