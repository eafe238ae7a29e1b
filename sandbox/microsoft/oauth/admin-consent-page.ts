/** The HTML of the admin consent endpoint: an admin signs in and grants for the organization. */
import { escapeHtml } from "../../common/escape-html.ts";
import { hiddenFields, microsoftPage, problemHtml } from "../ui/page.ts";

export interface AdminConsentPageInput {
  action: string;
  appName: string;
  applicationPermissions: string[];
  delegatedPermissions: string[];
  request: Record<string, string>;
  email?: string;
  problem?: string;
}

function list(items: string[]): string {
  if (items.length === 0) return '<p class="muted">None.</p>';
  return `<ul class="permissions">\n${items.map((item) => `<li>${escapeHtml(item)}</li>`).join("\n")}\n</ul>`;
}

export function adminConsentPage(input: AdminConsentPageInput): string {
  return microsoftPage(
    `Permissions requested by ${input.appName}`,
    `<h1>Permissions requested</h1>
<p><strong>${escapeHtml(input.appName)}</strong> is asking an administrator to grant it access for the whole organization.</p>
${problemHtml(input.problem)}
<form method="post" action="${escapeHtml(input.action)}">
${hiddenFields(input.request)}
<label for="email">Administrator account</label>
<input type="email" id="email" name="email" autocomplete="username" required value="${escapeHtml(input.email ?? "")}">
<p>Application permissions (the app acts on its own, without a signed-in user):</p>
${list(input.applicationPermissions)}
<p>Delegated permissions (for every user of the organization):</p>
${list(input.delegatedPermissions)}
<p class="muted">If you accept, this app will get access to the specified resources for all users in your organization. No one else will be prompted to review these permissions.</p>
<div class="actions">
<button type="submit" class="secondary" name="decision" value="cancel" formnovalidate>Cancel</button>
<button type="submit" class="primary" name="decision" value="accept">Accept</button>
</div>
</form>`,
  );
}
