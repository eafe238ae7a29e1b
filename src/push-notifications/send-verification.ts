import type { Kysely } from "kysely";
import type { OrgAccess } from "../authorization/policy.ts";
import { authorizeInOrg } from "../authorization/policy.ts";
import { type CallbackPolicy, callbackUrlProblem } from "../callbacks/callback-target.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { loadApplication } from "../orgs/applications.ts";
import { refuseOutsidePinnedOrigins } from "./callback-origins.ts";
import { writeNotification } from "./write-notifications.ts";

/** What a test notification says: Cronofy's word for the notification that checks a receiver. */
export const verificationBody = JSON.stringify({ notification: { type: "verification" } });

/**
 * Sends a verification notification to an address, signed like every other, so that an admin can
 * see whether the application's endpoint answers (Manage → Applications). It goes through the
 * delivery lane, its egress rule and the endpoint's circuit breaker like any notification.
 */
export async function sendVerification(
  db: Kysely<Schema>,
  access: OrgAccess,
  input: { applicationId: string; uri: string; policy: CallbackPolicy },
): Promise<string> {
  authorizeInOrg(access, "applications.manage");
  const application = await loadApplication(db, access, input.applicationId);
  const uri = input.uri.trim();
  const problem =
    uri === "" ? "Enter the URL to send it to." : callbackUrlProblem(uri, input.policy);
  if (problem) {
    throw new DomainError("invalid_input", "The test notification was not sent.", {
      uri: uri === "" ? problem : `This address ${problem}.`,
    });
  }
  try {
    refuseOutsidePinnedOrigins(application.callbackOrigins, [uri]);
  } catch (error) {
    if (!(error instanceof DomainError) || !error.fields) throw error;
    throw new DomainError("invalid_input", "The test notification was not sent.", {
      uri: error.fields.subscriptions ?? error.message,
    });
  }
  return writeNotification(db, {
    applicationId: application.id,
    eventId: null,
    type: "verification",
    uri,
    sequence: "0",
    body: verificationBody,
  });
}
