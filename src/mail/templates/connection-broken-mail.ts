import { renderMail } from "../mail-layout.ts";
import type { RenderedMail } from "../outgoing-mail.ts";

/**
 * How a connection is made again at each provider, where that takes more than signing in
 * again. By confab's name of the provider; any other reads the plain words below.
 */
const installAgain: Record<string, string> = {
  ms_teams:
    "signed in to Microsoft as an administrator of the organization's Microsoft 365 tenant who may consent for everyone (a Global Administrator or Privileged Role Administrator), and consents again for the organization",
};

const reconnectAgain: Record<string, (providerEmail: string) => string> = {
  ms_teams: (email) =>
    `Under Your account → Conferencing services, choose Reconnect next to the profile and sign in to Microsoft as ${email}. If confab was removed from your apps under My Apps (myapps.microsoft.com), Microsoft asks you to consent again: accept, and the profile works again.`,
};

/** To an organization's admins: its install of a provider stopped working, and how to fix it. */
export function integrationBrokenMail(input: {
  /** confab's name of the provider (`zoom`, `ms_teams`), for how it is installed again. */
  provider: string;
  providerName: string;
  organizationName: string;
  reason: string;
  integrationsUrl: string;
}): RenderedMail {
  const { providerName: name, organizationName: org } = input;
  const how =
    installAgain[input.provider] ??
    `signed in to ${name} as an admin or owner of the organization's account`;
  return renderMail({
    subject: `${name} stopped working for ${org}`,
    heading: `${name} stopped working for ${org}`,
    paragraphs: [
      `confab can no longer use ${org}'s ${name} install: ${input.reason}`,
      `New ${name} meetings cannot be made until it is installed again; meetings already made keep their links. Meetings waiting for ${name} are made as soon as it is back.`,
      `To fix it, an organization admin opens Manage → Integrations → ${name} and installs it again, ${how}.`,
    ],
    action: { label: "Open Integrations", url: input.integrationsUrl },
    notes: ["You get this because you are an admin of the organization."],
  });
}

/** To a person: their own connection to a provider stopped working, and where to reconnect. */
export function profileBrokenMail(input: {
  /** confab's name of the provider (`zoom`, `ms_teams`), for how it is reconnected. */
  provider: string;
  providerName: string;
  providerEmail: string;
  reason: string;
  reconnectUrl: string;
}): RenderedMail {
  const name = input.providerName;
  const how =
    reconnectAgain[input.provider]?.(input.providerEmail) ??
    "Under Your account → Conferencing services, choose Reconnect next to the profile.";
  return renderMail({
    subject: `Your ${name} connection stopped working`,
    heading: `Reconnect ${name}`,
    paragraphs: [
      `confab can no longer use your ${name} account ${input.providerEmail}: ${input.reason}`,
      `Meetings that need it wait, and applications that book with it are told. Existing ${name} meetings are not deleted.`,
    ],
    action: { label: `Reconnect ${name}`, url: input.reconnectUrl },
    notes: [how],
  });
}
