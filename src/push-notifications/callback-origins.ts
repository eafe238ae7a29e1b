import type { Kysely } from "kysely";
import { type CallbackPolicy, callbackUrlProblem } from "../callbacks/callback-target.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";

const maximumOrigins = 20;

/**
 * The origins an organization's admins pin an application's notifications to, one per line:
 * scheme, host and port only, each one a target the egress rule allows. Pinning means a stolen
 * token cannot point the organization's notifications (which carry join links) elsewhere.
 */
export function parseCallbackOrigins(input: string, policy: CallbackPolicy): string[] {
  const given = input
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const problems: string[] = [];
  const origins: string[] = [];
  for (const text of given) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      problems.push(`${text}: not a URL like https://hooks.example.com.`);
      continue;
    }
    if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
      problems.push(`${text}: give the origin only (scheme, host, port).`);
      continue;
    }
    if (url.pathname !== "/") {
      problems.push(`${text}: give the origin only, without the path ${url.pathname}.`);
      continue;
    }
    const refused = callbackUrlProblem(url.href, policy);
    if (refused) {
      problems.push(`${text}: ${refused}.`);
      continue;
    }
    origins.push(url.origin);
  }
  if (given.length > maximumOrigins) problems.push(`Give at most ${maximumOrigins} origins.`);
  if (problems.length > 0) {
    throw new DomainError("invalid_input", "The notification origins are not valid.", {
      callback_origins: problems.join(" "),
    });
  }
  return [...new Set(origins)];
}

/** Refuses subscriptions outside the application's pinned origins, naming them. */
export async function checkPinnedOrigins(
  db: Kysely<Schema>,
  applicationId: string,
  uris: string[],
): Promise<void> {
  if (uris.length === 0) return;
  const row = await db
    .selectFrom("applications")
    .select("callback_origins")
    .where("id", "=", applicationId)
    .executeTakeFirst();
  refuseOutsidePinnedOrigins(row?.callback_origins ?? [], uris);
}

/** The same rule on origins the caller has already loaded. */
export function refuseOutsidePinnedOrigins(pinned: string[], uris: string[]): void {
  if (pinned.length === 0) return;
  const outside = uris.filter((uri) => !pinned.includes(new URL(uri).origin));
  if (outside.length === 0) return;
  throw new DomainError("unprocessable", "The event is not valid.", {
    subscriptions: `The subscription uri ${new URL(outside[0] as string).origin} is not among the origins this application's organization allows for notifications (${pinned.join(", ")}); an admin changes them under Manage → Applications.`,
  });
}
