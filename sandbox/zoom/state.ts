/**
 * Everything the sandbox knows, in memory. One instance per running sandbox;
 * `resetState` empties it in place so routes holding a reference keep working.
 */

export type Plan = "free" | "pro" | "business";
export type Role = "owner" | "admin" | "member";
/** 1 Basic, 2 Licensed, 4 Unassigned without Meetings Basic, 99 None (zoom.md item 10). */
export type UserType = 1 | 2 | 4 | 99;
export type AppKind = "user" | "admin";

export interface Account {
  id: string;
  plan: Plan;
  created_at: number;
}

export interface User {
  id: string;
  email: string;
  account_id: string;
  type: UserType;
  role: Role;
  first_name: string;
  last_name: string;
  pmi: number;
  timezone: string;
  created_at: number;
}

export interface App {
  client_id: string;
  client_secret: string;
  kind: AppKind;
  name: string;
  redirect_uris: string[];
  scopes: string[];
  webhook_url: string | null;
  webhook_secret: string | null;
  /** null until the `endpoint.url_validation` challenge has been attempted. */
  webhook_url_validated: boolean | null;
}

export interface AuthorizationCode {
  code: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  code_challenge: string | null;
  code_challenge_method: "S256" | "plain" | null;
  expires_at: number;
  used: boolean;
}

/** One authorization of one app by one user (user-managed) or account (admin-managed). */
export interface Grant {
  id: string;
  client_id: string;
  user_id: string;
  account_id: string;
  scopes: string[];
  revoked: boolean;
  created_at: number;
}

export interface AccessToken {
  token: string;
  grant_id: string;
  expires_at: number;
}

export interface RefreshToken {
  token: string;
  grant_id: string;
  expires_at: number;
  /** Set once it has been exchanged: Zoom refuses a refresh token the moment it rotates. */
  used: boolean;
}

export interface TrackingField {
  field: string;
  value: string;
}

/**
 * One occurrence of a recurring meeting with a fixed time (type 8). Its id is
 * the start time the series first gave it, in epoch milliseconds, and stays
 * the same when the occurrence alone is moved, as Zoom's does.
 */
export interface Occurrence {
  occurrence_id: string;
  start_time: number;
  duration: number;
  status: "available" | "deleted";
  /** Set when this occurrence alone was given its own agenda or settings. */
  agenda?: string;
  settings?: Record<string, unknown>;
}

export interface Meeting {
  id: number;
  uuid: string;
  host_id: string;
  topic: string;
  type: number;
  start_time: number;
  duration: number;
  timezone: string;
  agenda: string;
  created_at: number;
  password: string;
  encrypted_password: string;
  h323_password: string;
  zak: string;
  settings: Record<string, unknown>;
  tracking_fields: TrackingField[] | null;
  recurrence: Record<string, unknown> | null;
  /** Type 8 only; null otherwise (and missing in state files written before series existed). */
  occurrences: Occurrence[] | null;
}

export interface PageCursor {
  token: string;
  key: string;
  offset: number;
  expires_at: number;
}

export interface SandboxState {
  accounts: Map<string, Account>;
  users: Map<string, User>;
  apps: Map<string, App>;
  codes: Map<string, AuthorizationCode>;
  grants: Map<string, Grant>;
  accessTokens: Map<string, AccessToken>;
  refreshTokens: Map<string, RefreshToken>;
  meetings: Map<number, Meeting>;
  pageCursors: Map<string, PageCursor>;
}

export function createState(): SandboxState {
  return {
    accounts: new Map(),
    users: new Map(),
    apps: new Map(),
    codes: new Map(),
    grants: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    meetings: new Map(),
    pageCursors: new Map(),
  };
}

export function resetState(state: SandboxState): void {
  for (const map of Object.values(state)) map.clear();
}

export function findUserByEmail(state: SandboxState, email: string): User | undefined {
  const wanted = email.toLowerCase();
  for (const user of state.users.values()) if (user.email.toLowerCase() === wanted) return user;
  return undefined;
}

/** Zoom's path parameter `userId` takes an id or an email address. */
export function findUserByIdOrEmail(state: SandboxState, idOrEmail: string): User | undefined {
  return state.users.get(idOrEmail) ?? findUserByEmail(state, idOrEmail);
}
