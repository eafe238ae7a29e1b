/** The HTML of My Apps (a user's own consents) and Enterprise applications (a tenant's apps). */
import { escapeHtml } from "../../common/escape-html.ts";
import type { App, User } from "../state.ts";
import { microsoftPage } from "./page.ts";

export interface ListedApp {
  app: App;
  permissions: string[];
}

function notice(text: string | undefined): string {
  return text === undefined ? "" : `<p class="notice" role="status">${escapeHtml(text)}</p>`;
}

function signedInAs(user: User): string {
  return `<p class="muted">Signed in as ${escapeHtml(user.user_principal_name)}.</p>
<form method="post" action="/signout"><button type="submit" class="secondary">Sign out</button></form>`;
}

function appList(apps: ListedApp[], action: (app: App) => string, label: string, empty: string) {
  if (apps.length === 0) return `<p class="muted">${escapeHtml(empty)}</p>`;
  const items = apps.map(
    ({ app, permissions }) => `<li><strong>${escapeHtml(app.name)}</strong>
<div class="muted">${escapeHtml(permissions.join(", ") || "No permissions")}</div>
<form method="post" action="${escapeHtml(action(app))}"><button type="submit" class="danger">${escapeHtml(label)}</button></form></li>`,
  );
  return `<ul class="apps">\n${items.join("\n")}\n</ul>`;
}

export function myAppsPage(user: User, apps: ListedApp[], done?: string): string {
  return microsoftPage(
    "My Apps",
    `<h1>Apps you have given access</h1>
${signedInAs(user)}
${notice(done)}
${appList(
  apps,
  (app) => `/myapps/${encodeURIComponent(app.client_id)}/remove`,
  "Remove permissions",
  "You have not given any app access to your account.",
)}`,
  );
}

export function enterpriseAppsPage(
  user: User,
  tenantName: string,
  apps: ListedApp[],
  done?: string,
): string {
  return microsoftPage(
    "Enterprise applications",
    `<h1>Enterprise applications of ${escapeHtml(tenantName)}</h1>
${signedInAs(user)}
${notice(done)}
${appList(
  apps,
  (app) => `/enterprise-apps/${encodeURIComponent(app.client_id)}/delete`,
  "Delete",
  "No application has been added to this organization.",
)}`,
  );
}
