import type { SupportContact } from "../config.ts";
import { type Html, html } from "./html.ts";

/** Where the Help link goes: the operator's support page, else a mail to their address. */
export function helpHref(support: SupportContact | undefined): string | undefined {
  if (support?.url) return support.url;
  if (support?.email) return `mailto:${support.email}`;
  return undefined;
}

/** The Help link, or nothing when the operator named no way to reach them. */
export function helpLink(support: SupportContact | undefined): Html | "" {
  const href = helpHref(support);
  return href ? html`<a href="${href}" data-help>Help</a>` : "";
}

/** The operator's support channels written out, for a page that says whom to ask. */
export function supportChannels(support: SupportContact | undefined): Html | "" {
  const links = [
    support?.url ? html`<a href="${support.url}">${support.url}</a>` : "",
    support?.email ? html`<a href="mailto:${support.email}">${support.email}</a>` : "",
  ].filter((link) => link !== "");
  return links.length === 0 ? "" : html`${links[0]}${links[1] ? html` or ${links[1]}` : ""}`;
}
