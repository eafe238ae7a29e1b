import { findOrganizationIntegration } from "../integrations/organization-integration.ts";
import { ProviderError } from "../providers/provider-error.ts";
import { type FallbackHostRule, readFallbackHostRule } from "./fallback-host-rule.ts";
import { checkHosts } from "./host-checks.ts";
import type { MeetingDeps } from "./meeting-deps.ts";
import { hasVerifiedAddress } from "./verified-address.ts";

/**
 * What the New meeting form says of a provider's mode before anything is typed: whether the
 * viewer hosts, who else can, and how the program's rule fills in when the viewer cannot.
 */
export interface HostingOutlook {
  rule: FallbackHostRule;
  /** Undefined while the provider could not be asked. */
  viewerCanHost: boolean | undefined;
  /** The emails (lower case) of the members the provider says may host. */
  canHost: Set<string>;
  /** How the mode works for this viewer, in a phrase beside the mode. */
  summary: string;
  /** Set when the viewer cannot book the mode at all: why, before Continue. */
  refusal: string | undefined;
}

/** Members asked of the provider per form, beyond those it already answered for this hour. */
const lookupsPerForm = 60;

export async function hostingOutlook(
  deps: MeetingDeps,
  input: {
    organizationId: string;
    programId: string;
    provider: string;
    viewer: { userId: string; email: string };
    members: { email: string }[];
  },
): Promise<HostingOutlook | undefined> {
  const provider = deps.providers.get(input.provider);
  const integration = await findOrganizationIntegration(
    deps.db,
    input.organizationId,
    input.provider,
  );
  if (!provider || integration?.status !== "connected") return undefined;
  const name = provider.displayName;
  const rule = await readFallbackHostRule(deps.db, input.programId);
  let checks: Awaited<ReturnType<typeof checkHosts>> | undefined;
  try {
    checks = await checkHosts(deps, {
      connectionId: integration.id,
      provider,
      emails: [input.viewer.email, ...input.members.map((m) => m.email)],
      limit: lookupsPerForm,
    });
  } catch (error) {
    // The form still works: who hosts is then checked at Continue.
    if (!(error instanceof ProviderError)) throw error;
  }
  const canHost = new Set(
    [...(checks?.entries() ?? [])].filter(([, c]) => c.canHost).map(([email]) => email),
  );
  const viewerCheck = checks?.get(input.viewer.email.toLowerCase());
  const viewerCanHost =
    viewerCheck === undefined
      ? undefined
      : viewerCheck.canHost && (await hasVerifiedAddress(deps.db, input.viewer.userId));
  const outlook = { rule, viewerCanHost, canHost };
  if (viewerCanHost === undefined) {
    return {
      ...outlook,
      summary: `made in the organization's ${name} account; who hosts is checked when you continue`,
      refusal: undefined,
    };
  }
  if (viewerCanHost) {
    return {
      ...outlook,
      summary: `made in the organization's ${name} account; you host it`,
      refusal: undefined,
    };
  }
  if (rule === "licensed_invitee") {
    return {
      ...outlook,
      summary: `you cannot host in ${name}: the first invitee marked “can host” hosts it, and you join`,
      refusal: undefined,
    };
  }
  if (rule === "host_account") {
    return integration.hostAccountEmail
      ? {
          ...outlook,
          summary: `you cannot host in ${name}: the organization's host account (${integration.hostAccountEmail}) hosts it, and you join`,
          refusal: undefined,
        }
      : {
          ...outlook,
          summary: "",
          refusal: `You cannot host in ${name}, and the organization's host account that would host instead is not named yet: ask an organization admin.`,
        };
  }
  return {
    ...outlook,
    summary: "",
    refusal: viewerCheck?.canHost
      ? `Confirm your email address first (under Your account): confab lets only a confirmed address host in ${name}, and in this program only hosts book ${name} meetings.`
      : viewerCheck?.found
        ? `Your ${name} user has no licence, and in this program only licensed users book ${name} meetings: choose another mode, or ask your ${name} admin for a licence.`
        : `You are not a user of the organization's ${name} account, and in this program only its licensed users book ${name} meetings: choose another mode.`,
  };
}
