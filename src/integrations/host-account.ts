import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInOrg, type OrgAccess } from "../authorization/policy.ts";
import { withAccessToken } from "../connections/with-access-token.ts";
import { DomainError } from "../domain-error.ts";
import type { MeetingDeps } from "../program-meetings/meeting-deps.ts";
import { ProviderError } from "../providers/provider-error.ts";
import { findOrganizationIntegration } from "./organization-integration.ts";

/**
 * Names (or, with an empty email, un-names) the organization's host account: a licensed user of
 * its install who hosts the meetings of programs whose rule says so. It must be a user of the
 * account who may host now, as the provider says; it is not a confab account.
 */
export async function setHostAccount(
  deps: MeetingDeps,
  access: OrgAccess,
  input: { provider: string; email: string; actor: AuditActor },
): Promise<void> {
  authorizeInOrg(access, "integrations.manage");
  const provider = deps.providers.get(input.provider);
  const integration = await findOrganizationIntegration(
    deps.db,
    access.organization.id,
    input.provider,
  );
  const name = provider?.displayName ?? input.provider;
  if (!provider || integration?.status !== "connected") {
    throw new DomainError("conflict", `${name} is not installed for the organization.`);
  }
  const email = input.email.trim().toLowerCase();
  const refuse = (problem: string) => {
    throw new DomainError("invalid_input", "The host account was not changed.", {
      hostAccount: problem,
    });
  };
  if (email !== "") {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
      refuse("Enter the email of a user of the organization's account, like host@example.com.");
    }
    let user: Awaited<ReturnType<typeof provider.findUser>>;
    try {
      user = await withAccessToken({ ...deps, provider }, integration.id, (token) =>
        provider.findUser(token, email),
      );
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      throw new DomainError(
        "unavailable",
        `${name} could not be asked about ${email} (${error.message}). Try again in a moment.`,
      );
    }
    if (!user) refuse(`${email} is not a user of the organization's ${name} account.`);
    else if (!user.canHost) {
      refuse(
        `${email} has no ${name} licence, so ${name} does not let it host. Name a licensed user.`,
      );
    }
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("provider_connections")
      .set({ host_account_email: email === "" ? null : email })
      .where("id", "=", integration.id)
      .execute();
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: email === "" ? "integration.host_account_cleared" : "integration.host_account_set",
      subject: email === "" ? name : `${name}: ${email}`,
    });
  });
}
