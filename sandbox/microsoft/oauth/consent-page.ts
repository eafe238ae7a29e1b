/** The HTML of the authorize endpoint: sign in with an account, then accept or cancel. */
import { escapeHtml } from "../../common/escape-html.ts";
import { hiddenFields, microsoftPage, problemHtml } from "../ui/page.ts";

export interface ConsentPageInput {
  action: string;
  appName: string;
  /** The permissions requested, in words. */
  permissions: string[];
  /** The authorization request, carried through the form unchanged. */
  request: Record<string, string>;
  email?: string;
  problem?: string;
}

export function consentPage(input: ConsentPageInput): string {
  const permissions = input.permissions
    .map((permission) => `<li>${escapeHtml(permission)}</li>`)
    .join("\n");
  return microsoftPage(
    `Sign in to ${input.appName}`,
    `<h1>Permissions requested</h1>
<p><strong>${escapeHtml(input.appName)}</strong> wants to sign you in and access your data.</p>
${problemHtml(input.problem)}
<form method="post" action="${escapeHtml(input.action)}">
${hiddenFields(input.request)}
<label for="email">Email, phone, or Skype</label>
<input type="email" id="email" name="email" autocomplete="username" required value="${escapeHtml(input.email ?? "")}">
<p>This app would like to:</p>
<ul class="permissions">
${permissions}
</ul>
<p class="muted">Accepting these permissions means that you allow this app to use your data as specified in their terms of service and privacy statement. You can change these permissions at My Apps.</p>
<div class="actions">
<button type="submit" class="secondary" name="decision" value="cancel" formnovalidate>Cancel</button>
<button type="submit" class="primary" name="decision" value="accept">Accept</button>
</div>
</form>`,
  );
}
