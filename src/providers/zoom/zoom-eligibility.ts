import type { ConnectionKind } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";

/** The part of `GET /users/me` confab reads (F12: id, email, name, type, role; nothing else). */
export interface ZoomUser {
  id: string;
  email: string;
  first_name?: string;
  last_name?: string;
  display_name?: string;
  type: number;
  role_name?: string;
  account_id: string;
}

const licensed = 2;

/**
 * Who may connect, said at connect time rather than discovered at the first failed meeting:
 * only licensed (paid) users can host what confab makes, and only a Zoom owner or admin can
 * install for a whole organization.
 */
export function checkEligibility(kind: ConnectionKind, user: ZoomUser): void {
  if (user.type === 1) {
    throw new ProviderError(
      "rejected",
      `The Zoom account ${user.email} is on Zoom's free Basic plan. Zoom lets applications create meetings only for paid accounts (Zoom Pro or above): upgrade the account, or connect another one. Nothing was saved.`,
      { providerCode: "basic_user" },
    );
  }
  if (user.type !== licensed) {
    throw new ProviderError(
      "rejected",
      `The Zoom user ${user.email} has no meeting licence, so Zoom does not let them host meetings. Ask your Zoom admin to assign one. Nothing was saved.`,
      { providerCode: "unlicensed_user" },
    );
  }
  if (
    kind === "organization" &&
    !["owner", "admin"].includes((user.role_name ?? "").toLowerCase())
  ) {
    throw new ProviderError(
      "rejected",
      `${user.email} is not an owner or admin of their Zoom account. Installing Zoom for the whole organization needs a Zoom owner or admin: ask one of them to install it. Nothing was saved.`,
      { providerCode: "not_zoom_admin" },
    );
  }
}

export function displayNameOf(user: ZoomUser): string {
  return (
    user.display_name?.trim() ||
    [user.first_name, user.last_name].filter(Boolean).join(" ").trim() ||
    user.email
  );
}
