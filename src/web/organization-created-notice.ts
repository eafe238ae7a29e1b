import { type Html, html } from "./html.ts";
import { invitationNotMailed } from "./invitation-not-mailed.ts";

/** What creating an organization did, kept for the operator's page after the redirect. */
export interface OrganizationCreated {
  name: string;
  admin?: {
    email: string;
    /** Added at once, invited by mail, or invited with mail off (the link to pass on). */
    outcome: "added" | "mailed" | "not_mailed";
    link?: string | undefined;
  };
}

/** The notice on the operator's page, said once after an organization was created. */
export function organizationCreatedNotice(created: OrganizationCreated): Html {
  const { name, admin } = created;
  if (!admin) return html`Created ${name}.`;
  if (admin.outcome === "added") return html`Created ${name} with ${admin.email} as its admin.`;
  if (admin.outcome === "mailed") {
    return html`Created ${name}. ${admin.email} has no verified account here yet: an
      invitation to be its admin is on its way by mail.`;
  }
  return html`Created ${name}. ${invitationNotMailed({ email: admin.email, link: admin.link }, true)}`;
}
