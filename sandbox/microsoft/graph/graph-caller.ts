/**
 * What the Graph routes are given by the server around them: who is calling (read from a
 * verified access token by the identity side), the directory of the sandbox's tenants, and the
 * sandbox's clock. The calendar, online-meeting and subscription routes use only this, so the
 * identity platform and Graph can change independently.
 */

/** The caller of one Graph request, from a token the identity side issued and checked. */
export interface GraphCaller {
  tenantId: string;
  /** The application's client id (`appid` / `azp` claim). */
  clientId: string;
  /** The signed-in user's object id for a delegated token; undefined for an app-only token. */
  userId: string | undefined;
  /** Delegated scopes (`scp`) for a delegated token, application roles (`roles`) for app-only. */
  permissions: string[];
}

/** A user as the directory knows it (what `GET /users/{id}` shows, and what Graph hides). */
export interface DirectoryUser {
  id: string;
  tenantId: string;
  userPrincipalName: string;
  mail: string | null;
  displayName: string;
  /** A work or school account (Entra ID) or a personal Microsoft account (MSA). */
  accountType: "work" | "personal";
  /** Holds a licence that includes Teams (and an Exchange Online mailbox). */
  teamsLicensed: boolean;
  hasMailbox: boolean;
}

export interface Directory {
  /** By object id or user principal name (case-insensitive), within one tenant. */
  findUser(tenantId: string, idOrUpn: string): DirectoryUser | undefined;
}

export interface GraphClock {
  /** Milliseconds since the epoch, on the sandbox's clock (tests move and freeze it). */
  now(): number;
}

export interface GraphRouteDeps {
  /** Authenticates the request's bearer token; throws a GraphError (401) when it is not valid. */
  authenticate(headers: Record<string, string | string[] | undefined>): GraphCaller;
  directory: Directory;
  clock: GraphClock;
  /** Known once the server listens; join links and pages are built from it. */
  baseUrl(): string;
  /** Told after every change of state (persistence listens). */
  changed(): void;
}
