/** The HTML of the Marketplace: its home, Manage, Installed Apps, an app, and Uninstall. */

import { escapeHtml } from "../../common/escape-html.ts";
import { zoomTime } from "../clock.ts";
import { zoomPage } from "../oauth/consent-page.ts";
import type { User } from "../state.ts";
import type { InstalledApp } from "./installed-apps.ts";

const INSTALLED = "/marketplace/manage/installed";

export function appPath(clientId: string): string {
  return `${INSTALLED}/${encodeURIComponent(clientId)}`;
}

function signedInLine(user: User): string {
  return `<p class="muted">Signed in as ${escapeHtml(user.email)}.</p>
<form method="post" action="/signout"><button type="submit" class="decline">Sign out</button></form>`;
}

export function marketplaceHomePage(user: User | undefined): string {
  const who =
    user === undefined
      ? `<p><a href="/signin?next=%2Fmarketplace">Sign in</a> to manage the apps on your account.</p>`
      : signedInLine(user);
  return zoomPage(
    "Zoom App Marketplace",
    `<h1>Zoom App Marketplace</h1>
<nav><a href="/marketplace/manage">Manage</a></nav>
${who}`,
  );
}

export function managePage(user: User): string {
  return zoomPage(
    "Manage – Zoom App Marketplace",
    `<nav class="crumbs"><a href="/marketplace">Marketplace</a></nav>
<h1>Manage</h1>
<ul class="apps"><li><a href="${INSTALLED}">Installed Apps</a></li></ul>
${signedInLine(user)}`,
  );
}

function kindLabel(installed: InstalledApp): string {
  return installed.app.kind === "admin" ? "Added for your account" : "Added by you";
}

export function installedAppsPage(user: User, apps: InstalledApp[], notice?: string): string {
  const list =
    apps.length === 0
      ? `<p>No apps are installed.</p>`
      : `<ul class="apps">${apps
          .map(
            (installed) =>
              `<li><a href="${escapeHtml(appPath(installed.app.client_id))}">${escapeHtml(installed.app.name)}<br><span class="muted">${escapeHtml(kindLabel(installed))}</span></a></li>`,
          )
          .join("\n")}</ul>`;
  const shown =
    notice === undefined ? "" : `<p class="notice" role="status">${escapeHtml(notice)}</p>`;
  return zoomPage(
    "Installed Apps – Zoom App Marketplace",
    `<nav class="crumbs"><a href="/marketplace">Marketplace</a> › <a href="/marketplace/manage">Manage</a></nav>
<h1>Installed Apps</h1>
${shown}
${list}
${signedInLine(user)}`,
  );
}

function crumbs(): string {
  return `<nav class="crumbs"><a href="/marketplace/manage">Manage</a> › <a href="${INSTALLED}">Installed Apps</a></nav>`;
}

function scopesList(installed: InstalledApp): string {
  return `<ul class="scopes">${installed.grant.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join("\n")}</ul>`;
}

export function installedAppPage(installed: InstalledApp): string {
  const { app, grant, addedBy } = installed;
  return zoomPage(
    `${app.name} – Installed Apps`,
    `${crumbs()}
<h1>${escapeHtml(app.name)}</h1>
<p class="muted">${escapeHtml(kindLabel(installed))}${addedBy === undefined ? "" : ` (${escapeHtml(addedBy.email)})`}, ${escapeHtml(zoomTime(grant.created_at))}.</p>
<p>It can:</p>
${scopesList(installed)}
<div class="actions"><a class="button" href="${escapeHtml(appPath(app.client_id))}/uninstall">Uninstall</a></div>`,
  );
}

export function uninstallConfirmationPage(installed: InstalledApp): string {
  const { app } = installed;
  const whom =
    app.kind === "admin"
      ? "It is removed for everyone in your account."
      : "It is removed from your Zoom user.";
  return zoomPage(
    `Uninstall ${app.name}?`,
    `${crumbs()}
<h1>Uninstall ${escapeHtml(app.name)}?</h1>
<p>${escapeHtml(app.name)} loses its access to Zoom at once. ${escapeHtml(whom)}</p>
<form method="post" action="${escapeHtml(appPath(app.client_id))}/uninstall">
<div class="actions">
<a class="button" href="${escapeHtml(appPath(app.client_id))}">Cancel</a>
<button type="submit" class="danger">Uninstall</button>
</div>
</form>`,
  );
}

export function notInstalledPage(): string {
  return zoomPage(
    "App not installed",
    `${crumbs()}
<h1>This app is not installed</h1>
<p class="error" role="alert">No app with this id is installed on your user or account.</p>`,
  );
}
