import { type Html, html } from "./html.ts";

/**
 * What the inviter is told when this instance sends no mail. Only an operator sees the link:
 * an org admin holding it could make an account for an address that is not theirs.
 */
export function invitationNotMailed(
  invited: { email: string; link: string | undefined },
  viewerIsOperator: boolean,
): Html {
  if (viewerIsOperator && invited.link) {
    return html`Invited ${invited.email}. Mail is off on this instance, so nothing was sent: pass this
      link on to them yourself (it works once, for 7 days):
      <code class="secret" data-invitation-link>${invited.link}</code>`;
  }
  return html`Mail is off on this instance, so no invitation could reach ${invited.email}. Ask the
    operator of this confab to send it with <code>confab member invite</code>, or to turn mail on.`;
}
