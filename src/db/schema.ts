import type { ColumnType, Generated } from "kysely";
import type {
  CalendarFeedsTable,
  EmailTokensTable,
  MeetingInvitationRecipientsTable,
  OutboxMessagesTable,
} from "./mail-schema.ts";

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
  application_calendars: ApplicationCalendarsTable;
  api_grants: ApiGrantsTable;
  api_previous_access_tokens: ApiPreviousAccessTokensTable;
  conferencing_defaults: ConferencingDefaultsTable;
  events: EventsTable;
  meetings: MeetingsTable;
  notifications: NotificationsTable;
  channels: ChannelsTable;
  callback_endpoints: CallbackEndpointsTable;
  api_request_windows: ApiRequestWindowsTable;
  conferencing_links: ConferencingLinksTable;
  spent_links: SpentLinksTable;
  integration_programs: IntegrationProgramsTable;
  provider_host_checks: ProviderHostChecksTable;
  event_invitees: EventInviteesTable;
  provisioning_snapshots: ProvisioningSnapshotsTable;
  outbox_messages: OutboxMessagesTable;
  email_tokens: EmailTokensTable;
  meeting_invitation_recipients: MeetingInvitationRecipientsTable;
  calendar_feeds: CalendarFeedsTable;
  meeting_policies: MeetingPoliciesTable;
  form_submissions: FormSubmissionsTable;
  event_occurrences: EventOccurrencesTable;
  meeting_guests: MeetingGuestsTable;
  provider_watches: ProviderWatchesTable;
  provider_meeting_versions: ProviderMeetingVersionsTable;
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
  /** When the owner followed a link mailed to `email`; null while the address is unproven. */
  email_verified_at: Date | null;
  /** An IANA zone the person reads times in; null until chosen (the browser's is suggested). */
  time_zone: string | null;
  /** False when the person turned off meeting mails (security mails are always sent). */
  meeting_mail: Generated<boolean>;
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
  /** Set while the operator has suspended the organization, with the reason members read (0027). */
  suspended_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  suspended_reason: ColumnType<string | null, string | null | undefined, string | null>;
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
  fallback_host_rule: Generated<"licensed_invitee" | "host_account" | "refuse">;
  created_at: Generated<Date>;
  /** Set while the program is archived: out of the lists, no new meetings (0023). */
  archived_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Whether members may invite guests from outside the program by address (0026). */
  guests_allowed: Generated<boolean>;
  /** Whether members may host its meetings with their own connected Zoom (0029). */
  own_profiles_allowed: Generated<boolean>;
}

/** A program's meeting policy for meetings in the organization's provider account (0020). */
export interface MeetingPoliciesTable {
  program_id: string;
  waiting_room: boolean;
  passcode_required: boolean;
  passcode_length: number;
  join_before_host: boolean;
  mute_upon_entry: boolean;
  authenticated_only: boolean;
  locked: Generated<string[]>;
  updated_at: Generated<Date>;
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
  program_id: string | null;
  program_role: string | null;
  mailed: Generated<boolean>;
  declined_at: Date | null;
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
  /** Origins its subscriptions must use; empty: any the egress rule allows (0012). */
  callback_origins: Generated<string[]>;
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
  /** Vault ciphertexts: the same pair on every connection of one grant (provider-grant.ts). */
  access_token: string | null;
  refresh_token: string | null;
  access_token_expires_at: Date | null;
  refreshed_at: Date | null;
  refresh_count: Generated<number>;
  revoke_failure: string | null;
  /** Organization installs: the licensed user who hosts under a program's "host account" rule. */
  host_account_email: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A connection's watch at its provider: a change-notification subscription (0031). */
export interface ProviderWatchesTable {
  connection_id: string;
  provider: string;
  watch_id: string;
  expires_at: Date;
  created_at: Generated<Date>;
  renewed_at: Generated<Date>;
}

/** The version a provider gave a meeting at confab's last write of it (0032). */
export interface ProviderMeetingVersionsTable {
  provider: string;
  meeting_id: string;
  version: string;
  written_at: Generated<Date>;
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
  /** A reconnect: the connection whose provider account the round trip must come back with. */
  reconnects: string | null;
  /** Hash of the one-time id of the single-use link the round trip spends when it succeeds. */
  spends_link: string | null;
  spends_link_until: Date | null;
  /** Vault ciphertext (JSON): what a two-step authorization's first step left for its second. */
  carried: Generated<string | null>;
}

/**
 * provider_rate_windows: one row per call to a provider, stamped with the database's clock, for
 * the per-second budget's sliding span; provider_daily_usage: one row per bucket and UTC day.
 */
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

export interface ApplicationCalendarsTable {
  id: string;
  application_id: string;
  application_calendar_id: string;
  sub: string;
  profile_id: string;
  created_at: Generated<Date>;
}

export interface ApiGrantsTable {
  id: string;
  application_id: string;
  calendar_id: string;
  access_token_hash: string;
  refresh_token_hash: string;
  access_expires_at: Date;
  created_at: Generated<Date>;
  refreshed_at: Date | null;
  /** The grant ends then: 90 days after its last use, or soon after a newer one replaced it. */
  expires_at: Date;
  /** When a newer grant for the same calendar replaced it (0014). */
  replaced_at: Date | null;
}

/** An access token a refresh replaced, still good until its own expiry (0016). */
export interface ApiPreviousAccessTokensTable {
  token_hash: string;
  grant_id: string;
  expires_at: Date;
}

export interface ApiRequestWindowsTable {
  scope: "application" | "calendar";
  subject_id: string;
  window_kind: "second" | "minute";
  window_start: Date;
  count: number;
}

export interface ConferencingDefaultsTable {
  owner_ref: string;
  profile_id: string;
  updated_at: Generated<Date>;
}

export type ConferencingState = "none" | "pending" | "assigned" | "failing" | "removed";

export interface EventsTable {
  id: string;
  /** An application's event belongs to its calendar; a program meeting (F9) to its program. */
  calendar_id: string | null;
  program_id: ColumnType<string | null, string | undefined, string | null>;
  /** The member who made a program meeting: its host. */
  organizer_id: ColumnType<string | null, string | undefined, string | null>;
  /** A program meeting's mode, as the program named it when the meeting was made. */
  meeting_mode: ColumnType<string | null, string | undefined, string | null>;
  meeting_mode_label: ColumnType<string | null, string | undefined, string | null>;
  event_id: string;
  summary: Generated<string>;
  description: Generated<string>;
  start_at: Date;
  end_at: Date;
  time_zone: string;
  location: string | null;
  attendees: ColumnType<unknown, string | undefined, string>;
  subscriptions: ColumnType<unknown, string | undefined, string>;
  conferencing_request: ColumnType<unknown, string | null, string | null>;
  conferencing_state: Generated<ConferencingState>;
  conferencing_reason: string | null;
  conferencing_relink_url: string | null;
  deferrals: Generated<number>;
  /** Goes up with every change the application makes: the worker's writes check it. */
  revision: Generated<number>;
  deleted_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** The SEQUENCE of the calendar invitation last sent, and what it said (0009). */
  calendar_sequence: Generated<number>;
  calendar_fingerprint: string | null;
  /** Goes up with every conferencing change applications are notified of (0012). */
  notification_sequence: Generated<string>;
  /** Start and end are dates (midnight in time_zone), the end exclusive (0015). */
  all_day: Generated<boolean>;
  /** Cronofy's details stored and read back as given: see EventDetails. */
  details: ColumnType<unknown, string | undefined, string>;
  /** Why an upsert's new conferencing request was not acted on (a started event). */
  conferencing_skipped_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** A program meeting that repeats: its rule, a MeetingRecurrence (0024). */
  recurrence: ColumnType<unknown, string | null | undefined, string | null>;
  /** The series this one goes on from, after an edit of "this and following" (0028). */
  continues_event_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One occurrence of a repeating meeting, by the start it was scheduled for (0024). */
export interface EventOccurrencesTable {
  event_id: string;
  /** The scheduled start in epoch milliseconds: stays when that occurrence alone moves. */
  occurrence_id: string;
  start_at: Date;
  duration_minutes: number;
  status: Generated<"scheduled" | "cancelled" | "moved">;
  /** The provider's id for it, once the provider's series exists. */
  provider_occurrence_id: string | null;
  /** A move not yet sent to the provider (0028). */
  provider_pending: Generated<boolean>;
  /** A move or delete of it in the provider's own interface, not yet kept or undone (0030). */
  changed_at_provider: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface MeetingsTable {
  event_id: string;
  connection_id: string;
  provider: string;
  provider_meeting_id: string | null;
  join_url: string | null;
  password: string | null;
  host_email: string | null;
  sent: JsonColumn;
  /** What the provider has now, changed in its own interface, when it differs from `sent` (0025). */
  changed_at_provider: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface NotificationsTable {
  id: string;
  /** null for a verification notification, which concerns no event. */
  event_id: string | null;
  application_id: string;
  type: string;
  uri: string;
  /** Only a verification notification's; an event's is made when it is sent. */
  body: string | null;
  /** The event's notification_sequence when this was written. */
  sequence: Generated<string>;
  /** scheme://host:port of uri: the circuit breaker's key. */
  endpoint: Generated<string>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  delivered_at: Date | null;
  /** Given up: refused by the egress rule, or too many attempts. */
  failed_at: Date | null;
  /** A newer notification to the same uri for the same event was written before this was sent. */
  superseded_at: Date | null;
  /** The channel it was written for (0017); its body is fixed, as a verification's is. */
  channel_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** An application calendar's notification channel, Cronofy's `/v1/channels` (0017). */
export interface ChannelsTable {
  id: string;
  calendar_id: string;
  callback_url: string;
  /** As given, normalised: `{calendar_ids?: string[], only_managed?: boolean}`. */
  filters: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
  closed_at: Date | null;
}

export interface CallbackEndpointsTable {
  application_id: string;
  endpoint: string;
  consecutive_failures: Generated<number>;
  paused_until: Date | null;
  last_error: string | null;
  last_failure_at: Date | null;
  last_success_at: Date | null;
}

export interface ConferencingLinksTable {
  id: string;
  token_hash: string;
  application_id: string;
  owner_ref: string;
  redirect_uri: string;
  provider_name: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  opened_at: Date | null;
  finished_at: Date | null;
}

/** A used single-use link, by a hash of its one-time id; kept until the link has expired. */
export interface SpentLinksTable {
  link_hash: string;
  spent_at: Generated<Date>;
  expires_at: Date;
}

/** A jsonb column: written as a JSON string, read back parsed. */
export type JsonColumn = ColumnType<unknown, string, string>;

/** A program where the org admin lets the organization's integration with `provider` be used. */
export interface IntegrationProgramsTable {
  organization_id: string;
  program_id: string;
  provider: string;
  /** Who enabled it, as the audit log shows them. */
  enabled_by: string;
  created_at: Generated<Date>;
}

/** The members invited to a program meeting. */
export interface EventInviteesTable {
  event_id: string;
  user_id: string;
}

/** A program meeting's guest: an address outside the program, never an account (0026). */
export interface MeetingGuestsTable {
  event_id: string;
  email: string;
  name: Generated<string>;
  created_at: Generated<Date>;
}

/** An organization's events by conferencing state at the top of one hour (operations history). */
export interface ProvisioningSnapshotsTable {
  organization_id: string;
  taken_at: Date;
  pending: number;
  assigned: number;
  failing: number;
}

/** Whether a person may host in an organization's install, as the provider last answered. */
export interface ProviderHostChecksTable {
  connection_id: string;
  email: string;
  found: boolean;
  can_host: boolean;
  checked_at: Generated<Date>;
}

/** A form that made something, by the one-time key its page carried (0022). */
export interface FormSubmissionsTable {
  key: string;
  user_id: string;
  purpose: string;
  /** Where what it made can be seen; set in the transaction that made it. */
  result_path: string | null;
  /** A vault ciphertext of what that page shows once (e.g. a new client secret), until shown. */
  shown_once: string | null;
  created_at: Generated<Date>;
}
