import { withAccessToken } from "../connections/with-access-token.ts";
import { findOrganizationIntegration } from "../integrations/organization-integration.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { MeetingDeps } from "./meeting-deps.ts";
import { hasVerifiedAddress, unverifiedHostProblem } from "./verified-address.ts";

export interface Person {
  userId: string;
  email: string;
  name: string;
}

/** Who hosts a provider meeting, who co-hosts, and who joins: what the page shows before saving. */
export type HostingPlan =
  | {
      ok: true;
      host: Person;
      alternativeHosts: Person[];
      participants: Person[];
    }
  | { ok: false; problem: string };

/**
 * Decides the hosts of a meeting made in the organization's install of a provider (F9): the
 * creator hosts, matched by email with a user of the provider account who may host; every other
 * invitee who may host in the same account is an alternative host; the rest are participants.
 * Nobody signs in to the provider: the organization's install looks them up.
 */
export async function planHosting(
  deps: MeetingDeps,
  input: { organizationId: string; provider: string; creator: Person; invitees: Person[] },
): Promise<HostingPlan> {
  const provider = deps.providers.get(input.provider);
  const integration = await findOrganizationIntegration(
    deps.db,
    input.organizationId,
    input.provider,
  );
  const name = provider?.displayName ?? input.provider;
  if (!provider || integration?.status !== "connected") {
    return {
      ok: false,
      problem: `${name} is not installed for the organization any more: choose another meeting mode.`,
    };
  }
  if (!(await hasVerifiedAddress(deps.db, input.creator.userId))) {
    return { ok: false, problem: unverifiedHostProblem(input.creator.email, name) };
  }
  try {
    return await withAccessToken(
      { db: deps.db, vault: deps.vault, provider },
      integration.id,
      async (access) => {
        const creator = await provider.findUser(access, input.creator.email);
        if (!creator) {
          return {
            ok: false,
            problem: `You (${input.creator.email}) are not a user of the organization's ${name} account, so ${name} cannot make you the host. Choose another meeting mode, or ask your ${name} admin to add you with this email.`,
          } as const;
        }
        if (!creator.canHost) {
          return {
            ok: false,
            problem: `Your ${name} user ${input.creator.email} has no licence, so ${name} does not let you host. Choose another meeting mode, or ask your ${name} admin for a licence.`,
          } as const;
        }
        const others = input.invitees.filter((p) => p.userId !== input.creator.userId);
        const found = await Promise.all(others.map((p) => provider.findUser(access, p.email)));
        const canHost = (i: number) => found[i]?.canHost === true;
        return {
          ok: true,
          host: input.creator,
          alternativeHosts: others.filter((_, i) => canHost(i)),
          participants: others.filter((_, i) => !canHost(i)),
        } as const;
      },
    );
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return {
      ok: false,
      problem: `${name} could not be asked who can host (${error.message}). Try again in a moment, or choose another meeting mode.`,
    };
  }
}
