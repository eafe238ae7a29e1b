import type { SupportContact } from "../config.ts";
import type { DemoMode } from "../demo/start-demo.ts";
import { helpHref } from "./help-links.ts";
import { type Html, html } from "./html.ts";
import { manageSections } from "./manage-sections.ts";

/** Who is looking at the page, and what the top bar offers them. */
export interface PageChrome {
  viewer?: { email: string; name: string; isOperator: boolean };
  /** The signed-in user's organizations, for the switcher. */
  organizations?: { slug: string; name: string }[];
  /** The organization the page belongs to. */
  organization?: { slug: string; name: string; isAdmin: boolean };
  /** The Manage section the page is in, to show the section menu with it marked. */
  manageSection?: string;
  csrfToken?: string;
  /** Demo mode: every page says so, and which Zoom and Microsoft it talks to. */
  demo?: DemoMode | undefined;
  /** The operator's help channels, behind the account menu's Help link. */
  support?: SupportContact | undefined;
}

export interface PageOptions extends PageChrome {
  title: string;
  main: Html;
}

/** The one layout every page shares: skip link, top bar with menus, main landmark, footer. */
export function layout(options: PageOptions): string {
  const { title, main, organization, manageSection } = options;
  const content =
    organization && manageSection !== undefined
      ? html`<div class="with-sidebar">
        <nav class="side-nav" aria-label="Manage">
          <h2 class="side-nav-title">Manage</h2>
          <ul>
            ${manageSections.map(
              (s) =>
                html`<li><a href="/o/${organization.slug}/manage/${s.path}"${
                  s.path === manageSection ? html` aria-current="page"` : ""
                }>${s.label}</a></li>`,
            )}
          </ul>
        </nav>
        <div class="with-sidebar-main">${main}</div>
      </div>`
      : main;
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title} · confab</title>
    <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="/assets/confab.css">
    <script src="/assets/form-draft.js" defer></script>
  </head>
  <body>
    <a class="skip-link" href="#main">Skip to content</a>
    ${demoBanner(options.demo)}
    ${topBar(options)}
    <main id="main" tabindex="-1">
${content}
    </main>
    <footer class="site-footer">confab · conferencing for scheduling platforms</footer>
  </body>
</html>
`.value;
}

/**
 * One line on every page, opening to the whole story: on a phone the demo's warning must not
 * push the page itself below the fold.
 */
function demoBanner(demo: DemoMode | undefined): Html | string {
  if (!demo) return "";
  const zoom = demo.zoomSandboxUrl
    ? html`The Zoom in use is the <strong>Zoom sandbox</strong> at <code>${demo.zoomSandboxUrl}</code>, not zoom.us.`
    : html`Zoom is the one set by the ZOOM_* variables.`;
  const microsoft = demo.microsoftSandboxUrl
    ? html` Microsoft Teams is the <strong>Microsoft sandbox</strong> at <code>${demo.microsoftSandboxUrl}</code>, not microsoft.com.`
    : "";
  const sandboxes = [
    demo.zoomSandboxUrl ? "Zoom" : "",
    demo.microsoftSandboxUrl ? "Microsoft" : "",
  ].filter(Boolean);
  return html`<div class="demo-banner" role="note" aria-label="Demo mode">
      <details>
        <summary><strong>Demo mode.</strong> ${sandboxes.length > 0 ? `${sandboxes.join(" and ")} sandbox${sandboxes.length > 1 ? "es" : ""}, ` : ""}one-click sign-in: keep it on your own machine.</summary>
        <p>${zoom}${microsoft} Anyone who can open this page can sign in as a demo person with one click, so
          keep it on your own machine. <code>CONFAB_DEMO=0</code> turns the demo off.</p>
      </details>
      ${demo.mailbox ? html`<a href="/demo/inbox">Demo inbox</a>` : ""}
    </div>`;
}

function topBar({
  viewer,
  organizations = [],
  organization,
  csrfToken,
  support,
}: PageChrome): Html {
  if (!viewer) {
    return html`<header class="top-bar">
      <a class="brand" href="/">confab</a>
      <span class="spacer"></span>
      <a class="button button-quiet" href="/sign-in">Sign in</a>
    </header>`;
  }
  const help = helpHref(support);
  const switcher =
    organizations.length === 0
      ? ""
      : html`<details class="menu org-switcher">
          <summary><span class="visually-hidden">Organization: </span><span class="menu-label">${organization?.name ?? "Your organizations"}</span></summary>
          <ul class="menu-list" aria-label="Switch organization">
            ${organizations.map(
              (o) =>
                html`<li><a href="/o/${o.slug}"${
                  o.slug === organization?.slug ? html` aria-current="true"` : ""
                }>${o.name}</a></li>`,
            )}
          </ul>
        </details>`;
  return html`<header class="top-bar">
      <a class="brand" href="/">confab</a>
      ${switcher}
      <nav class="top-nav" aria-label="Main">
        <ul>
          ${organization ? html`<li><a href="/o/${organization.slug}">Programs</a></li>` : ""}
          <li><a href="/meetings">My meetings</a></li>
          ${organization?.isAdmin ? html`<li><a href="/o/${organization.slug}/manage">Manage</a></li>` : ""}
          ${viewer.isOperator ? html`<li><a href="/operator">Operator</a></li>` : ""}
        </ul>
      </nav>
      <span class="spacer"></span>
      <details class="menu account-menu">
        <summary><span class="visually-hidden">Account: </span><span class="menu-label">${viewer.name || viewer.email}</span></summary>
        <ul class="menu-list menu-list-end">
          <li class="menu-note">${viewer.email}</li>
          <li><a href="/account">Your account</a></li>
          ${help ? html`<li><a href="${help}" data-help>Help</a></li>` : ""}
          <li>
            <form method="post" action="/sign-out">
              <input type="hidden" name="_csrf" value="${csrfToken ?? ""}">
              <button type="submit" class="menu-button">Sign out</button>
            </form>
          </li>
        </ul>
      </details>
    </header>`;
}
