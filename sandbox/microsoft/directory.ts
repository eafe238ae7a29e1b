/** The sandbox's tenants and users as Graph's routes see them (graph/graph-caller.ts). */
import type { Directory, DirectoryUser } from "./graph/graph-caller.ts";
import type { SandboxContext } from "./sandbox-context.ts";
import { findUserInTenant, type User } from "./state.ts";

export function directoryUser(user: User): DirectoryUser {
  return {
    id: user.id,
    tenantId: user.tenant_id,
    userPrincipalName: user.user_principal_name,
    mail: user.mail,
    displayName: user.display_name,
    accountType: user.account_type,
    teamsLicensed: user.teams_licensed,
    hasMailbox: user.has_mailbox,
  };
}

export function createDirectory(context: SandboxContext): Directory {
  return {
    findUser(tenantId, idOrUpn) {
      const user = findUserInTenant(context.state, tenantId, idOrUpn);
      return user === undefined ? undefined : directoryUser(user);
    },
  };
}
