/**
 * A user as Graph's `GET /me` and `GET /users/{id}` return it (resources/user): the default
 * properties, and a few more on `$select`. Unknown `$select` names are refused as Graph does.
 */
import { GraphError } from "../graph/graph-error.ts";
import type { User } from "../state.ts";

const DEFAULT_PROPERTIES = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
] as const;

function allProperties(user: User): Record<string, unknown> {
  return {
    businessPhones: [],
    displayName: user.display_name,
    givenName: user.given_name,
    jobTitle: user.job_title,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: user.account_type === "personal" ? "en-US" : null,
    surname: user.surname,
    userPrincipalName: user.user_principal_name,
    id: user.id,
    accountEnabled: true,
    userType: "Member",
    mailNickname: user.user_principal_name.split("@")[0] ?? "",
    usageLocation: user.teams_licensed || user.has_mailbox ? "US" : null,
    createdDateTime: new Date(user.created_at).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

export function parseSelect(select: string | undefined): string[] | undefined {
  if (select === undefined) return undefined;
  const names = select
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  return names.length === 0 ? undefined : names;
}

export function userView(user: User, contextUrl: string, select: string[] | undefined) {
  const all = allProperties(user);
  const names = select ?? DEFAULT_PROPERTIES;
  const view: Record<string, unknown> = {};
  for (const name of names) {
    // Graph matches property names case-insensitively and answers in its own spelling.
    const known = Object.keys(all).find((key) => key.toLowerCase() === name.toLowerCase());
    if (known === undefined) {
      throw new GraphError(
        400,
        "BadRequest",
        `Could not find a property named '${name}' on type 'microsoft.graph.user'.`,
      );
    }
    view[known] = all[known];
  }
  const selected = select === undefined ? "" : `(${Object.keys(view).join(",")})`;
  return { "@odata.context": `${contextUrl}/v1.0/$metadata#users${selected}/$entity`, ...view };
}
