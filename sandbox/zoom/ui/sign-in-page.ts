/** Zoom's sign-in, as a page of its own and as the form a page needing a user embeds. */
import { escapeHtml } from "../../common/escape-html.ts";
import { zoomPage } from "../oauth/consent-page.ts";

export interface SignInInput {
  /** Where the browser goes once signed in. */
  next: string;
  email?: string;
  problem?: string;
}

export function signInForm(input: SignInInput): string {
  const problem =
    input.problem === undefined
      ? ""
      : `<p class="error" role="alert">${escapeHtml(input.problem)}</p>`;
  return `${problem}
<form method="post" action="/signin">
<input type="hidden" name="next" value="${escapeHtml(input.next)}">
<label for="email">Email address</label>
<input type="email" id="email" name="email" autocomplete="email" required value="${escapeHtml(input.email ?? "")}">
<div class="actions">
<button type="submit" class="allow">Sign in</button>
</div>
</form>`;
}

export function signInPage(input: SignInInput): string {
  return zoomPage(
    "Sign in to Zoom",
    `<h1>Sign in</h1>
<p class="muted">Sign in with the email address of your Zoom user.</p>
${signInForm(input)}`,
  );
}
