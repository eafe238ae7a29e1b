/**
 * What the sandbox keeps of one message: the SMTP envelope it came with, the parts a test or the
 * demo inbox reads, and the message exactly as received, for tests that parse it themselves.
 */
import { type AddressObject, type EmailAddress, type ParsedMail, simpleParser } from "mailparser";

export interface CaughtAttachment {
  filename: string | undefined;
  contentType: string;
  /** base64, so the message stays plain JSON in the state file */
  content: string;
  /** The iCalendar METHOD parameter of a text/calendar part (RFC 6047), e.g. "REQUEST". */
  method?: string;
}

export interface CaughtCalendar {
  method: string | undefined;
  content: string;
}

export interface CaughtMessage {
  /** The sandbox's own id, "msg_<n>"; safe in a URL. */
  id: string;
  /** ISO 8601. */
  receivedAt: string;
  /** MAIL FROM and RCPT TO, lower-cased: who the message was actually sent to. */
  envelope: { from: string; to: string[] };
  /** The Message-ID header without its angle brackets. */
  messageId: string | undefined;
  /** Header addresses, without display names, lower-cased; groups are flattened. */
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  /** The text/plain part, if the message has a non-empty one (never derived from the HTML). */
  text: string | undefined;
  /** The text/html part, as sent. */
  html: string | undefined;
  /** Lower-cased header names to the first value as text, see `headerText`. */
  headers: Record<string, string>;
  attachments: CaughtAttachment[];
  /** text/calendar parts, alternatives or attachments, decoded to text. */
  calendars: CaughtCalendar[];
  /** The whole RFC 5322 message as received after DATA. */
  raw: string;
}

export interface ReceivedMail {
  id: string;
  receivedAt: Date;
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

export async function readMessage(mail: ReceivedMail): Promise<CaughtMessage> {
  // What was sent, not what a mail client would show: no text made up from the HTML, no HTML
  // from the text, cid: links left alone.
  const parsed = await simpleParser(mail.raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    keepCidLinks: true,
  });
  const attachments = parsed.attachments.map((attachment): CaughtAttachment => {
    const method = contentTypeParam(attachment.headers.get("content-type"), "method");
    return {
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content.toString("base64"),
      ...(attachment.contentType === "text/calendar" && method !== undefined ? { method } : {}),
    };
  });
  const calendars = parsed.attachments
    .filter((attachment) => attachment.contentType === "text/calendar")
    .map((attachment) => {
      const type = attachment.headers.get("content-type");
      return {
        method: contentTypeParam(type, "method"),
        content: decodeText(attachment.content, contentTypeParam(type, "charset")),
      };
    });
  return {
    id: mail.id,
    receivedAt: mail.receivedAt.toISOString(),
    envelope: mail.envelope,
    messageId: parsed.messageId?.replace(/^<|>$/g, ""),
    from: addresses(parsed.from)[0] ?? "",
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? "",
    // With skipHtmlToText an HTML-only message reads as "" (and so would an empty text part).
    text: parsed.text === "" ? undefined : parsed.text,
    html: typeof parsed.html === "string" ? parsed.html : undefined,
    headers: headerText(parsed),
    attachments,
    calendars,
    raw: mail.raw.toString("utf8"),
  };
}

function addresses(header: AddressObject | AddressObject[] | undefined): string[] {
  const flatten = (entries: EmailAddress[]): string[] =>
    entries.flatMap((entry) =>
      entry.group ? flatten(entry.group) : entry.address ? [entry.address.toLowerCase()] : [],
    );
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return objects.flatMap((object) => flatten(object.value));
}

/**
 * Unstructured headers come decoded (RFC 2047 encoded words), as mailparser reads them; structured
 * ones (addresses, Date, Content-Type) as written in the message, unfolded, since their parsed
 * forms are objects.
 */
function headerText(parsed: ParsedMail): Record<string, string> {
  const text: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    if (key in text) continue;
    const value = parsed.headers.get(key);
    const first = Array.isArray(value) ? value[0] : value;
    text[key] =
      typeof first === "string"
        ? first
        : line
            .slice(line.indexOf(":") + 1)
            .replace(/\r?\n[ \t]+/g, " ")
            .trim();
  }
  return text;
}

function contentTypeParam(value: unknown, name: string): string | undefined {
  if (typeof value !== "object" || value === null || !("params" in value)) return undefined;
  const params = (value as { params: Record<string, string> }).params;
  return params[name];
}

function decodeText(content: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? "utf-8").decode(content);
  } catch {
    // An unknown charset label: UTF-8 is what iCalendar (RFC 5545) uses anyway.
    return content.toString("utf8");
  }
}
