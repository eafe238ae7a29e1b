import { sql } from "kysely";

/**
 * What a connection becomes when confab stops holding a grant for it (broken by the provider,
 * or removed by its owner): its tokens are deleted, and it says why.
 */
export function withoutTokens(status: "broken" | "removed", reason: string) {
  return {
    status,
    status_reason: reason,
    access_token: null,
    refresh_token: null,
    access_token_expires_at: null,
    updated_at: sql<Date>`now()`,
  };
}
