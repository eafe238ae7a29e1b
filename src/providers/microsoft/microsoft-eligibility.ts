import { ProviderError } from "../provider-error.ts";
import { consumersTenantId } from "./microsoft-identity.ts";

/** The part of `GET /me` (or `/users/{upn}`) confab reads: id, name and addresses, nothing else. */
export interface GraphUser {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName: string;
}

export const userSelect = "id,displayName,mail,userPrincipalName";

/** One licence of `licenseDetails` (resources/licensedetails), the service plans it holds. */
export interface LicenseDetail {
  skuPartNumber?: string;
  servicePlans?: { servicePlanName?: string; provisioningStatus?: string }[];
}

/** A plan counts when it is there and not switched off for the user (`Disabled`). */
function hasPlan(licences: LicenseDetail[], matches: (name: string) => boolean): boolean {
  return licences.some((licence) =>
    (licence.servicePlans ?? []).some(
      (plan) =>
        matches(plan.servicePlanName ?? "") &&
        (plan.provisioningStatus ?? "").toLowerCase() !== "disabled",
    ),
  );
}

/** Teams itself: the `TEAMS1` service plan (and its government-cloud forms). */
export function hasTeams(licences: LicenseDetail[]): boolean {
  return hasPlan(licences, (name) => /^TEAMS/i.test(name));
}

/** An Exchange Online mailbox, where the meeting's calendar event lives: `EXCHANGE_S_*`. */
export function hasMailbox(licences: LicenseDetail[]): boolean {
  return hasPlan(licences, (name) => /^EXCHANGE_S_/i.test(name));
}

export function emailOf(user: GraphUser): string {
  return user.mail || user.userPrincipalName;
}

export function displayNameOf(user: GraphUser): string {
  return user.displayName?.trim() || emailOf(user);
}

/** A personal Microsoft account signed in: said before anything else is asked of Graph. */
export function refusePersonalAccount(tenantId: string, who: string): void {
  if (tenantId !== consumersTenantId) return;
  throw new ProviderError(
    "rejected",
    `${who} is a personal Microsoft account. Microsoft Teams meetings can be created only for work or school accounts with a Teams licence: connect your work or school account instead. Nothing was saved.`,
    { providerCode: "personal_account" },
  );
}

/**
 * Who may connect, said at connect time rather than discovered at the first failed meeting: the
 * account needs Teams to host the meeting and a mailbox for the calendar event that holds it.
 */
export function checkLicences(email: string, licences: LicenseDetail[]): void {
  if (!hasTeams(licences)) {
    throw new ProviderError(
      "rejected",
      `The Microsoft account ${email} has no Microsoft Teams licence, so Microsoft does not let it host Teams meetings. Ask your Microsoft 365 admin to assign one, then connect again. Nothing was saved.`,
      { providerCode: "no_teams_licence" },
    );
  }
  if (!hasMailbox(licences)) {
    throw new ProviderError(
      "rejected",
      `The Microsoft account ${email} has no Exchange Online mailbox, so Outlook cannot hold its Teams meetings. Ask your Microsoft 365 admin to give it one, then connect again. Nothing was saved.`,
      { providerCode: "no_mailbox" },
    );
  }
}
