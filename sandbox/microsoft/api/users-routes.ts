/**
 * Graph's `GET /v1.0/me`, `GET /v1.0/users/{id | userPrincipalName}` and their
 * `licenseDetails` (api/user-get, api/user-list-licensedetails). Reading one's own profile needs
 * `User.Read`; reading someone else needs `User.ReadBasic.All` or more (delegated) or
 * `User.Read.All` (application). Users of other tenants do not exist for the caller.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { noteCaller } from "../call-log.ts";
import type { GraphCaller } from "../graph/graph-caller.ts";
import { GraphError } from "../graph/graph-error.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { findUserInTenant, type User } from "../state.ts";
import { authenticateGraphCaller } from "./authenticate-caller.ts";
import { licenseDetails } from "./license-details.ts";
import { parseSelect, userView } from "./user-view.ts";

const READ_SELF = ["User.Read", "User.ReadWrite"];
const READ_OTHERS_DELEGATED = [
  "User.ReadBasic.All",
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
];
const READ_OTHERS_APPLICATION = [
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
];

const denied = () =>
  new GraphError(
    403,
    "Authorization_RequestDenied",
    "Insufficient privileges to complete the operation.",
  );

const notFound = (id: string) =>
  new GraphError(
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

function holdsAny(caller: GraphCaller, permissions: string[]): boolean {
  return caller.permissions.some((permission) => permissions.includes(permission));
}

function callerOf(context: SandboxContext, request: FastifyRequest): GraphCaller {
  const caller = authenticateGraphCaller(context, request.headers);
  const user = caller.userId === undefined ? undefined : context.state.users.get(caller.userId);
  noteCaller(request, {
    client_id: caller.clientId,
    tenant_id: caller.tenantId,
    user: user?.user_principal_name ?? null,
  });
  return caller;
}

function signedInUser(context: SandboxContext, caller: GraphCaller): User {
  if (caller.userId === undefined) {
    throw new GraphError(
      400,
      "BadRequest",
      "/me request is only valid with delegated authentication flow.",
    );
  }
  const user = context.state.users.get(caller.userId);
  if (user === undefined) throw notFound(caller.userId);
  return user;
}

function me(context: SandboxContext, caller: GraphCaller): User {
  const user = signedInUser(context, caller);
  if (!holdsAny(caller, [...READ_SELF, ...READ_OTHERS_DELEGATED])) throw denied();
  return user;
}

function someone(context: SandboxContext, caller: GraphCaller, idOrUpn: string): User {
  const self = caller.userId === undefined ? undefined : context.state.users.get(caller.userId);
  const allowedForOthers =
    caller.userId === undefined
      ? holdsAny(caller, READ_OTHERS_APPLICATION)
      : holdsAny(caller, READ_OTHERS_DELEGATED);
  // A token that cannot even read its own user is refused before any lookup.
  if (!allowedForOthers && !(self !== undefined && holdsAny(caller, READ_SELF))) throw denied();
  const user = findUserInTenant(context.state, caller.tenantId, idOrUpn);
  if (user === undefined) throw notFound(idOrUpn);
  if (user.id !== self?.id && !allowedForOthers) throw denied();
  // Personal accounts see themselves only: there is no directory of consumers to read.
  if (self?.account_type === "personal" && user.id !== self.id) throw notFound(idOrUpn);
  return user;
}

function licenses(context: SandboxContext, user: User) {
  return {
    "@odata.context": `${context.baseUrl}/v1.0/$metadata#users('${user.id}')/licenseDetails`,
    value: licenseDetails(user),
  };
}

type Select = { Querystring: { $select?: string } };

export function registerUsersRoutes(server: FastifyInstance, context: SandboxContext): void {
  server.get<Select>("/v1.0/me", async (request) => {
    const user = me(context, callerOf(context, request));
    return userView(user, context.baseUrl, parseSelect(request.query.$select));
  });

  server.get<Select & { Params: { user: string } }>("/v1.0/users/:user", async (request) => {
    const user = someone(context, callerOf(context, request), request.params.user);
    return userView(user, context.baseUrl, parseSelect(request.query.$select));
  });

  server.get("/v1.0/me/licenseDetails", async (request) =>
    licenses(context, me(context, callerOf(context, request))),
  );

  server.get<{ Params: { user: string } }>("/v1.0/users/:user/licenseDetails", async (request) =>
    licenses(context, someone(context, callerOf(context, request), request.params.user)),
  );
}
