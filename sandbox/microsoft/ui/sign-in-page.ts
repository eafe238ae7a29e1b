/** Microsoft's sign-in, as a page of its own (My Apps and Enterprise applications use it). */
import { escapeHtml } from "../../common/escape-html.ts";
import { microsoftPage, problemHtml } from "./page.ts";

export interface SignInInput {
  /** Where the browser goes once signed in. */
  next: string;
  email?: string;
  problem?: string;
}

export function signInPage(input: SignInInput): string {
  return microsoftPage(
    "Sign in to your account",
    `<h1>Sign in</h1>
<p class="muted">Sign in with the user principal name or email address of a sandbox user.</p>
${problemHtml(input.problem)}
<form method="post" action="/signin">
<input type="hidden" name="next" value="${escapeHtml(input.next)}">
<label for="email">Email, phone, or Skype</label>
<input type="email" id="email" name="email" autocomplete="username" required value="${escapeHtml(input.email ?? "")}">
<div class="actions">
<button type="submit" class="primary">Sign in</button>
</div>
</form>`,
  );
}
