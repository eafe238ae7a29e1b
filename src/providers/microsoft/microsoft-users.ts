import type { AccessContext, ProviderUser } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import {
  displayNameOf,
  emailOf,
  type GraphUser,
  hasMailbox,
  hasTeams,
  type LicenseDetail,
  userSelect,
} from "./microsoft-eligibility.ts";
import { callGraph, type GraphOptions } from "./microsoft-graph.ts";

/**
 * A user of the token's organization, by email (`GET /users/{upn}` and its licenseDetails).
 * A delegated token with User.Read alone may read only its own user: Graph's 403 then, like a
 * 404 for an address that is no user there, means "not one confab can see", not a failure.
 * Reads only what deciding who hosts needs: id, email, name, and whether they hold Teams and a
 * mailbox.
 */
export async function findMicrosoftUser(
  api: GraphOptions,
  access: AccessContext,
  email: string,
): Promise<ProviderUser | undefined> {
  const path = `/users/${encodeURIComponent(email)}`;
  try {
    const { body: user } = await callGraph<GraphUser>(api, access.accessToken, {
      method: "GET",
      path,
      query: { $select: userSelect },
    });
    if (!user) return undefined;
    const { body: licences } = await callGraph<{ value?: LicenseDetail[] }>(
      api,
      access.accessToken,
      { method: "GET", path: `${path}/licenseDetails` },
    );
    const held = licences?.value ?? [];
    return {
      id: user.id,
      email: emailOf(user),
      displayName: displayNameOf(user),
      canHost: hasTeams(held) && hasMailbox(held),
    };
  } catch (error) {
    const unseen =
      error instanceof ProviderError && (error.kind === "not_found" || error.status === 403);
    if (unseen) return undefined;
    throw error;
  }
}
