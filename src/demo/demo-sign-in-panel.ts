import { csrfInput } from "../web/forms.ts";
import { html } from "../web/html.ts";
import { type DemoRole, demoPeople, microsoftOf } from "./demo-people.ts";

const roleOrder: DemoRole[] = [
  "Organization admin",
  "Program admin",
  "Mentor",
  "Mentee",
  "Operator",
];

/**
 * The sign-in page's list of demo people, by role, each with a one-click sign-in button. With the
 * Microsoft sandbox (`microsoft`), each also says what their Microsoft account shows.
 */
export function demoSignInPanel(input: {
  csrfToken: string;
  next: string;
  inbox: boolean;
  microsoft?: boolean;
}) {
  return html`<section class="panel demo-accounts" aria-labelledby="demo-accounts-title">
    <h2 id="demo-accounts-title">Demo accounts</h2>
    <p class="muted small">Northwind Mentoring, its two tracks and its people. One click signs you
      in; it exists in demo mode only.</p>
    ${roleOrder.map(
      (role) => html`<h3 class="demo-role">${role}</h3>
      <ul class="demo-people">
        ${demoPeople
          .filter((person) => person.role === role)
          .map(
            (person) => html`<li>
            <form method="post" action="/sign-in/demo">
              ${csrfInput(input.csrfToken)}
              <input type="hidden" name="email" value="${person.email}">
              <input type="hidden" name="next" value="${input.next}">
              <button type="submit" class="button demo-person">Sign in as ${person.name}</button>
            </form>
            <span class="demo-note"><span class="muted">${person.email}</span> · ${person.note}${
              input.microsoft && microsoftOf(person) ? ` · ${microsoftOf(person)}` : ""
            }${
              input.inbox
                ? html` · <a href="/demo/inbox?to=${encodeURIComponent(person.email)}">mail</a>`
                : ""
            }</span>
          </li>`,
          )}
      </ul>`,
    )}
  </section>`;
}
