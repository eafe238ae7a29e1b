import type { AccessContext, ProviderUser } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import { callZoom, type ZoomApiOptions } from "./zoom-api.ts";
import { displayNameOf, type ZoomUser } from "./zoom-eligibility.ts";
import type { ZoomRateBudget } from "./zoom-rate-budget.ts";

const licensed = 2;

/**
 * A user of the token's Zoom account, by email (`GET /users/{email}`): Zoom answers 1001 for an
 * address that is not a user of the account, which here means "not one of ours", not a failure.
 * Reads only the fields F12 allows.
 */
export async function findZoomUser(
  api: ZoomApiOptions,
  budget: ZoomRateBudget,
  access: AccessContext,
  email: string,
): Promise<ProviderUser | undefined> {
  await budget.take(access.accountKey, "light");
  try {
    const { body } = await callZoom<ZoomUser>(api, access.accessToken, {
      method: "GET",
      path: `/users/${encodeURIComponent(email)}`,
    });
    if (!body) return undefined;
    return {
      id: body.id,
      email: body.email,
      displayName: displayNameOf(body),
      canHost: body.type === licensed,
    };
  } catch (error) {
    if (error instanceof ProviderError && error.providerCode === "1001") return undefined;
    throw error;
  }
}
