import { findOrganizationIntegration } from "../integrations/organization-integration.ts";
import { ProviderError } from "../providers/provider-error.ts";
import { readFallbackHostRule } from "./fallback-host-rule.ts";
import { checkHosts, type HostCheck } from "./host-checks.ts";
import type { MeetingDeps } from "./meeting-deps.ts";
import { hasVerifiedAddress, unverifiedHostProblem } from "./verified-address.ts";

/**
 * The plan a meeting is saved with trusts answers a few minutes old (those the form just got),
 * so that form, review and save ask the provider about each person once, within its rate limits.
 */
const planFreshForMs = 5 * 60_000;

export interface Person {
  userId: string;
  email: string;
  name: string;
}

/** Who hosts at the provider: a member, or the organization's host account (no confab person). */
export interface Host {
  userId: string | null;
  email: string;
  name: string;
}

/** Why the host is who it is, as the review page and the API say it. */
export type HostedBy = "creator" | "licensed_invitee" | "host_account";

/** Who hosts a provider meeting, who co-hosts, and who joins: what the page shows before saving. */
export type HostingPlan =
  | {
      ok: true;
      host: Host;
      hostedBy: HostedBy;
      /** The plan in one sentence, for the person about to save. */
      reason: string;
      alternativeHosts: Person[];
      /** Everyone else, the creator among them when someone else hosts. */
      participants: Person[];
    }
  | { ok: false; problem: string };

/**
 * Decides the hosts of a meeting made in the organization's install of a provider (F9): the
 * creator hosts when the provider lets them (a licensed user of the account, matched by a
 * confirmed email); when not, the program's fallback host rule decides: the first invitee who
 * can host, the organization's host account, or nobody. Every other invitee who may host in the
 * same account is an alternative host; the rest are participants. Nobody signs in to the
 * provider: the organization's install looks them up.
 */
export async function planHosting(
  deps: MeetingDeps,
  input: {
    organizationId: string;
    programId: string;
    provider: string;
    creator: Person;
    invitees: Person[];
  },
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
  const rule = await readFallbackHostRule(deps.db, input.programId);
  const others = input.invitees.filter((p) => p.userId !== input.creator.userId);
  const hostAccount = rule === "host_account" ? integration.hostAccountEmail : null;
  let checks: Map<string, HostCheck>;
  try {
    checks = await checkHosts(deps, {
      connectionId: integration.id,
      provider,
      emails: [
        input.creator.email,
        ...others.map((p) => p.email),
        ...(hostAccount ? [hostAccount] : []),
      ],
      maxAgeMs: planFreshForMs,
    });
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return {
      ok: false,
      problem: `${name} could not be asked who can host (${error.message}). Try again in a moment, or choose another meeting mode.`,
    };
  }
  const canHost = (p: { email: string }) => checks.get(p.email.toLowerCase())?.canHost === true;
  const licensed = others.filter(canHost);
  const unlicensed = others.filter((p) => !canHost(p));
  const creatorCheck = checks.get(input.creator.email.toLowerCase());
  const creatorVerified = await hasVerifiedAddress(deps.db, input.creator.userId);
  if (creatorCheck?.canHost && creatorVerified) {
    return {
      ok: true,
      host: input.creator,
      hostedBy: "creator",
      reason: `You host it: you are a licensed user of the organization's ${name} account.`,
      alternativeHosts: licensed,
      participants: unlicensed,
    };
  }
  // Why the creator cannot host, in the words each rule builds on.
  const why = !creatorVerified
    ? `Your email address (${input.creator.email}) is not confirmed yet, so confab cannot make you the ${name} host`
    : !creatorCheck?.found
      ? `You (${input.creator.email}) are not a user of the organization's ${name} account, so ${name} cannot make you the host`
      : `Your ${name} user ${input.creator.email} has no licence, so ${name} does not let you host`;
  if (rule === "refuse") {
    return {
      ok: false,
      problem: !creatorVerified
        ? unverifiedHostProblem(input.creator.email, name)
        : `${why}. Choose another meeting mode, or ask your ${name} admin ${creatorCheck?.found ? "for a licence" : "to add you with this email"}.`,
    };
  }
  if (rule === "host_account") {
    if (!hostAccount) {
      return {
        ok: false,
        problem: `${why}, and the program's rule is that the organization's host account hosts instead, but no host account is named yet: an organization admin names one under Manage → Integrations. Choose another meeting mode meanwhile.`,
      };
    }
    if (!checks.get(hostAccount)?.canHost) {
      return {
        ok: false,
        problem: `${why}, and the organization's host account (${hostAccount}) cannot host in ${name} any more (it is not a licensed user of the account): an organization admin names another under Manage → Integrations. Choose another meeting mode meanwhile.`,
      };
    }
    const alternatives = licensed.filter((p) => p.email.toLowerCase() !== hostAccount);
    return {
      ok: true,
      host: { userId: null, email: hostAccount, name: `The organization's ${name} host account` },
      hostedBy: "host_account",
      reason: `${why}. By the program's rule the organization's host account (${hostAccount}) hosts it${alternatives.length > 0 ? ", and the invitees who can host are alternative hosts" : ""}. You join as a participant and still own the meeting here: you can change or cancel it.`,
      alternativeHosts: alternatives,
      participants: [input.creator, ...unlicensed],
    };
  }
  // The first licensed invitee hosts; their address must be proven, as the creator's would be.
  const verified = await Promise.all(licensed.map((p) => hasVerifiedAddress(deps.db, p.userId)));
  const host = licensed.find((_, i) => verified[i]);
  if (!host) {
    return {
      ok: false,
      problem: `${why}, and nobody invited can host instead (a licensed user of the organization's ${name} account with a confirmed email). Invite someone who can, like your mentor, or choose another meeting mode.`,
    };
  }
  return {
    ok: true,
    host,
    hostedBy: "licensed_invitee",
    reason: `${why}. By the program's rule the first invitee who can host, ${host.name || host.email}, hosts it. You join as a participant and still own the meeting here: you can change or cancel it.`,
    alternativeHosts: licensed.filter((p) => p !== host),
    participants: [input.creator, ...unlicensed],
  };
}
