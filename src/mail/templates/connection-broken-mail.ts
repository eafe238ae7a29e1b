import { renderMail } from "../mail-layout.ts";
import type { RenderedMail } from "../outgoing-mail.ts";

/** To an organization's admins: its install of a provider stopped working, and how to fix it. */
export function integrationBrokenMail(input: {
  providerName: string;
  organizationName: string;
  reason: string;
  integrationsUrl: string;
}): RenderedMail {
  const { providerName: zoom, organizationName: org } = input;
  return renderMail({
    subject: `${zoom} stopped working for ${org}`,
    heading: `${zoom} stopped working for ${org}`,
    paragraphs: [
      `confab can no longer use ${org}'s ${zoom} install: ${input.reason}`,
      `New ${zoom} meetings cannot be made until it is installed again; meetings already made keep their links. Meetings waiting for ${zoom} are made as soon as it is back.`,
      `To fix it, an organization admin opens Manage → Integrations → ${zoom} and installs it again, signed in to ${zoom} as an admin or owner of the organization's account.`,
    ],
    action: { label: "Open Integrations", url: input.integrationsUrl },
    notes: ["You get this because you are an admin of the organization."],
  });
}

/** To a person: their own connection to a provider stopped working, and where to reconnect. */
export function profileBrokenMail(input: {
  providerName: string;
  providerEmail: string;
  reason: string;
  reconnectUrl: string;
}): RenderedMail {
  const zoom = input.providerName;
  return renderMail({
    subject: `Your ${zoom} connection stopped working`,
    heading: `Reconnect ${zoom}`,
    paragraphs: [
      `confab can no longer use your ${zoom} account ${input.providerEmail}: ${input.reason}`,
      `Meetings that need it wait, and applications that book with it are told. Existing ${zoom} meetings are not deleted.`,
    ],
    action: { label: `Reconnect ${zoom}`, url: input.reconnectUrl },
    notes: ["Under Your account → Conferencing services, choose Reconnect next to the profile."],
  });
}
