import type { Generated } from "kysely";

/** The tables confab's code reads and writes, as Kysely sees them. One entry a table. */
export interface Schema {
  worker_heartbeats: WorkerHeartbeatsTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  organizations: OrganizationsTable;
  memberships: MembershipsTable;
  programs: ProgramsTable;
  program_roles: ProgramRolesTable;
  meeting_modes: MeetingModesTable;
  invitations: InvitationsTable;
  applications: ApplicationsTable;
  audit_entries: AuditEntriesTable;
  provider_connections: ProviderConnectionsTable;
  oauth_states: OAuthStatesTable;
  provider_rate_windows: RateWindowsTable;
  provider_daily_usage: RateWindowsTable;
  webhook_receipts: WebhookReceiptsTable;
}

export interface WorkerHeartbeatsTable {
  worker_id: string;
  hostname: string;
  pid: number;
  started_at: Generated<Date>;
  seen_at: Generated<Date>;
}

export interface UsersTable {
  id: string;
  email: string;
  name: Generated<string>;
  password_hash: string;
  is_operator: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
}

export interface SignInFailuresTable {
  id: Generated<string>;
  email: string;
  ip: string;
  failed_at: Generated<Date>;
}

export interface OrganizationsTable {
  id: string;
  slug: string;
  name: string;
  integrations_enabled: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: "org_admin" | "member";
  created_at: Generated<Date>;
}

export interface ProgramsTable {
  id: string;
  organization_id: string;
  name: string;
  member_role_labels: Generated<string[]>;
  created_at: Generated<Date>;
}

export interface ProgramRolesTable {
  program_id: string;
  organization_id: string;
  user_id: string;
  role: string;
  created_at: Generated<Date>;
}

export interface MeetingModesTable {
  program_id: string;
  key: string;
  label: string;
  kind: "builtin" | "custom" | "provider";
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface InvitationsTable {
  id: string;
  organization_id: string;
  email: string;
  role: "org_admin" | "member";
  token_hash: string;
  invited_by: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  accepted_at: Date | null;
}

export interface ApplicationsTable {
  id: string;
  organization_id: string;
  name: string;
  client_id: string;
  /** A vault ciphertext (purpose "applications.client_secret"). */
  client_secret: string;
  redirect_uris: string[];
  created_at: Generated<Date>;
  secret_rotated_at: Date | null;
}

export interface AuditEntriesTable {
  id: Generated<string>;
  organization_id: string;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  subject_label: Generated<string>;
  created_at: Generated<Date>;
}

export interface ProviderConnectionsTable {
  id: string;
  provider: string;
  kind: "personal" | "organization";
  owner_ref: string;
  external_key: string;
  external_account_id: string;
  external_user_id: string;
  email: string;
  display_name: string;
  scopes: Generated<string>;
  status: Generated<"connected" | "broken" | "removed">;
  status_reason: string | null;
  /** Vault ciphertexts. */
  access_token: string | null;
  refresh_token: string | null;
  access_token_expires_at: Date | null;
  refreshed_at: Date | null;
  refresh_count: Generated<number>;
  revoke_failure: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OAuthStatesTable {
  state_hash: string;
  provider: string;
  kind: "personal" | "organization";
  owner_ref: string;
  binding: string;
  /** Vault ciphertext. */
  code_verifier: string;
  return_to: string;
  created_at: Generated<Date>;
  expires_at: Date;
}

export interface RateWindowsTable {
  bucket: string;
  window_start: Date;
  used: number;
}

export interface WebhookReceiptsTable {
  provider: string;
  request_id: string;
  received_at: Generated<Date>;
}
