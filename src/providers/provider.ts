import type { ProviderError } from "./provider-error.ts";

/**
 * What the conferencing core asks of a video provider. Zoom implements it in `providers/zoom`;
 * nothing outside a provider's folder knows its URLs, codes or field names, so another provider
 * is added by implementing this, without touching the core.
 */
export interface ConferencingProvider {
  readonly name: string;
  /** As people read it: "Zoom". */
  readonly displayName: string;
  /** Which accounts can be connected, one sentence shown beside Connect; undefined: any. */
  readonly connectionRequirement?: string;
  /**
   * The longest meeting the provider schedules, in minutes: a longer event's meeting is scheduled
   * for this long from its start, and the application is told so. Undefined: no such limit.
   */
  readonly longestMeetingMinutes?: number;
  /** The connection kinds this deployment is configured for. */
  supports(kind: ConnectionKind): boolean;
  /** What the provider will let confab do and see, in words, for consent screens (F12). */
  describeAccess(kind: ConnectionKind): AccessDescription;

  authorizationUrl(kind: ConnectionKind, request: AuthorizationRequest): URL;
  /**
   * Exchanges the code, reads who consented, and refuses what cannot host meetings. A provider
   * whose authorization has two steps (a sign-in, then a consent) answers the first with where
   * the person goes next instead.
   */
  completeAuthorization(
    kind: ConnectionKind,
    callback: AuthorizationCallback,
  ): Promise<GrantedConnection | AuthorizationContinuation>;
  refresh(kind: ConnectionKind, refreshToken: string): Promise<TokenSet>;
  revoke(kind: ConnectionKind, accessToken: string): Promise<void>;
  /**
   * What a consent the provider sent back refused (`error=access_denied`) means, where the
   * provider tells more than a decline (that only a tenant's administrator may approve, say): a
   * refusal in words the person can act on. Undefined, or no such member: a plain decline.
   */
  explainRefusal?(kind: ConnectionKind, parameters: URLSearchParams): string | undefined;
  /**
   * How Manage → Integrations describes the provider's organization install, where it differs
   * from an account installed by one of its admins (Zoom's, the pages' own words).
   */
  readonly organizationInstall?: OrganizationInstallWords;

  createMeeting(access: AccessContext, meeting: MeetingSpec): Promise<ProviderMeeting>;
  /** Sends only what differs from `previous`; returns false when nothing needed sending. */
  updateMeeting(
    access: AccessContext,
    meetingId: string,
    meeting: MeetingSpec,
    previous: MeetingSpec,
  ): Promise<boolean>;
  /** "gone" when the provider no longer had it: the outcome the caller wanted all the same. */
  deleteMeeting(access: AccessContext, meetingId: string): Promise<"deleted" | "gone">;
  /** One occurrence of a series, by the provider's id for it; the series goes on. */
  deleteOccurrence(
    access: AccessContext,
    meetingId: string,
    occurrenceId: string,
  ): Promise<"deleted" | "gone">;
  /**
   * Moves one occurrence of a series, by the provider's id for it, to its own start and length;
   * it keeps its id, and the series and its link go on.
   */
  updateOccurrence(
    access: AccessContext,
    meetingId: string,
    host: string,
    occurrence: ProviderOccurrence,
  ): Promise<"updated" | "gone">;
  /**
   * A series' occurrences as the provider has them now, those deleted left out: what a change
   * that reschedules the whole series gives them (new ids), read back.
   */
  readOccurrences(access: AccessContext, meetingId: string): Promise<ProviderOccurrence[]>;
  /** The meeting confab made for `marker`, if one exists: the guard against duplicates. */
  findMeeting(
    access: AccessContext,
    host: string,
    marker: string,
  ): Promise<ProviderMeeting | undefined>;
  /**
   * A user of the account the access acts for, looked up by email; undefined when the account
   * has no such user. Only what deciding who hosts needs (F12).
   */
  findUser(access: AccessContext, email: string): Promise<ProviderUser | undefined>;
  /** The host's start link, fetched fresh (it expires). */
  startUrl(access: AccessContext, meetingId: string): Promise<string>;
  /** The meeting's join link and passcode as the provider has them now. */
  joinDetails(
    access: AccessContext,
    meetingId: string,
  ): Promise<{ joinUrl: string; password: string | undefined }>;
  /**
   * Checks and reads a webhook delivery from its raw bytes. Throws a `rejected` ProviderError for
   * one that is not authentic or is stale.
   */
  readWebhook(
    rawBody: string,
    headers: Record<string, string | string[] | undefined>,
    /** The delivery's query string, for providers that put something in it (a validation token). */
    query?: Record<string, string | undefined>,
  ): WebhookReading;
  /**
   * Asks the provider to tell confab of changes made on its side to the connection's meetings,
   * for providers where an app asks for that per account (Microsoft Graph's subscriptions) rather
   * than once in its settings (Zoom). Undefined when this kind of connection is not watched.
   */
  watch?(access: AccessContext, request: WatchRequest): Promise<ProviderWatch | undefined>;
  /** Extends a watch from `now`; "gone" when the provider no longer has it. */
  renewWatch?(access: AccessContext, watchId: string, now: Date): Promise<ProviderWatch | "gone">;
  /** Ends a watch; one the provider no longer has is ended all the same. */
  unwatch?(access: AccessContext, watchId: string): Promise<void>;
  /**
   * A meeting's time and topic as the provider has them now: for providers whose notifications say
   * that a meeting changed but not how. "gone" when the provider no longer has it.
   */
  readMeetingShown?(
    access: AccessContext,
    meetingId: string,
  ): Promise<ProviderMeetingShown | "gone">;
  /**
   * Whether `version` (the one a notification names) is the one confab's own last write left the
   * meeting at: that notification is confab's change coming back, and nothing needs reading.
   */
  isOwnWrite?(meetingId: string, version: string): Promise<boolean>;
}

export interface WatchRequest {
  connectionId: string;
  kind: ConnectionKind;
  /** Where the provider sends its notifications: confab's webhook for it. */
  webhookUrl: string;
  /**
   * Handed to the provider with the watch and sent back by it with every notification (Graph's
   * clientState): confab made it, so a notification carrying it is one the provider sent.
   */
  token: string;
  /** The watch lasts from here, by the caller's clock. */
  now: Date;
}

export interface ProviderWatch {
  id: string;
  expiresAt: Date;
}

export interface ProviderMeetingShown {
  /** Undefined when the provider's answer gives no instant confab can read. */
  startTime: Date | undefined;
  durationMinutes: number | undefined;
  topic: string | undefined;
}

/** Which watch a notification came through, and the token the provider sent back with it. */
export interface WatchOrigin {
  watchId: string;
  token: string;
}

export interface WebhookReading {
  /** The provider's delivery id: a second delivery with the same id is not acted on again. */
  deliveryId: string;
  /**
   * What identifies the signed bytes themselves (e.g. the signature): a captured delivery
   * replayed under a new delivery id is not acted on again either.
   */
  replayKey?: string;
  /** Sent back as the reply body (e.g. a URL validation challenge's answer). */
  reply: Record<string, unknown> | undefined;
  /** Sent back as a text/plain reply instead, and nothing else done (Graph's validation). */
  textReply?: string;
  /** The status to answer once the events are recorded: 200 unless the provider asks another. */
  acceptedStatus?: number;
  /**
   * Every watch token the delivery carries, one per item: each is checked, and the whole
   * delivery refused when one is not confab's.
   */
  watchTokens?: string[];
  events: ProviderEvent[];
}

export type ProviderEvent =
  | {
      type: "grant_revoked";
      kind: ConnectionKind;
      externalAccountId: string;
      externalUserId: string;
    }
  | { type: "meeting_deleted"; meetingId: string; watch?: WatchOrigin }
  /** A meeting changed, without saying how: confab reads it back (readMeetingShown). */
  | { type: "meeting_touched"; meetingId: string; watch: WatchOrigin; version?: string }
  /** A watch needs confab: to be renewed, made again, or its meetings read back (changes missed). */
  | { type: "watch_lifecycle"; watch: WatchOrigin; need: "renew" | "recreate" | "resync" }
  | { type: "meeting_updated"; meetingId: string; changed: Record<string, unknown> }
  /** One occurrence of a series changed on its own: `changed` names its fields as the provider does. */
  | {
      type: "occurrence_updated";
      meetingId: string;
      occurrenceId: string;
      changed: Record<string, unknown>;
    }
  /** One occurrence of a series deleted on its own: the series goes on. */
  | { type: "occurrence_deleted"; meetingId: string; occurrenceId: string };

export type ConnectionKind = "personal" | "organization";

export interface AccessDescription {
  canDo: string[];
  canSee: string[];
  never: string[];
  scopes: string[];
}

export interface AuthorizationRequest {
  state: string;
  codeChallenge: string;
  redirectUri: string;
  /** OpenID Connect's nonce for this round trip, for providers that sign people in with it. */
  nonce?: string;
}

export interface AuthorizationCallback {
  /** The query string the provider redirected back with. */
  parameters: URLSearchParams;
  expectedState: string;
  codeVerifier: string;
  redirectUri: string;
  /** The nonce the round trip was started with (`AuthorizationRequest.nonce`). */
  nonce?: string;
  /** A second step: what the first one kept (`AuthorizationContinuation.carry`). */
  carried?: Readonly<Record<string, string>>;
}

/**
 * The first step of a two-step authorization is done: the person goes on to `next`, with a new
 * state the core makes, bound to the same browser and round trip, and holding `carry` for the
 * second step. The core keeps `carry` server-side with that state, never in a URL.
 */
export interface AuthorizationContinuation {
  carry: Record<string, string>;
  next(request: AuthorizationRequest): URL;
}

/**
 * Thrown by `completeAuthorization` for an answer that cannot be the provider's to this round
 * trip: one naming another account than its first step signed in, or a step it never reached
 * (an edited or forged redirect). Refused as a bad request; nothing is granted.
 */
export class ForeignAnswerError extends Error {
  override readonly name = "ForeignAnswerError";
}

export function isContinuation(
  answer: GrantedConnection | AuthorizationContinuation,
): answer is AuthorizationContinuation {
  return "next" in answer && typeof answer.next === "function";
}

/** How a provider's organization install is told on confab's pages (see `organizationInstall`). */
export interface OrganizationInstallWords {
  /** The card before install: what members get, and who can install. */
  offer: string;
  /** The install dialog's opening: who approves at the provider, and what members then get. */
  approval: string;
  /** The card once installed: where meetings are made, and for how long it keeps working. */
  installedIn(install: InstalledAccount): string;
  /** The Done step: "… now makes its meetings" and then this. */
  meetingsMadeIn(install: InstalledAccount): string;
  /** What the provider calls the account id under the card. */
  accountIdLabel: string;
  /** The removal confirmation: what confab gives up. */
  removal(install: InstalledAccount): string;
  /** What removing from confab leaves at the provider, and who ends it there. */
  afterRemoval: string;
  /** The host account panel: who hosts under its rule, and what licensed invitees become. */
  hostAccount: string;
}

export interface InstalledAccount {
  email: string;
  displayName: string;
  accountId: string;
}

export interface TokenSet {
  accessToken: string;
  /**
   * What renews the access token. A refresh token; for app-only access, where the provider
   * issues none, what a new token is asked for with (e.g. Microsoft's tenant id), never a secret
   * of confab's own registration.
   */
  refreshToken: string;
  expiresAt: Date;
  scopes: string[];
}

/** Who consented, and the tokens to act for them. */
export interface GrantedConnection extends TokenSet {
  /** Personal: the provider's user id; organization: the provider's account id. */
  externalKey: string;
  externalAccountId: string;
  externalUserId: string;
  email: string;
  displayName: string;
}

/** What a provider call needs: a valid access token and whom it acts for. */
export interface AccessContext {
  accessToken: string;
  kind: ConnectionKind;
  /** Budget key shared by every process: the provider account. */
  accountKey: string;
  /**
   * The provider user a personal token acts as (their email): Zoom counts meeting writes per
   * user, whichever app makes them, so that user's daily budget is kept under this name.
   */
  userEmail?: string;
}

export interface MeetingSpec {
  topic: string;
  agenda: string;
  startTime: Date;
  durationMinutes: number;
  timeZone: string;
  /** Personal: "me"; organization: the host's email. */
  host: string;
  alternativeHosts: string[];
  /** Names the confab event, recognisable in the provider's list after an ambiguous failure. */
  marker: string;
  /**
   * How the meeting is set up, from its program's meeting policy (organization installs only).
   * Absent: the provider account's own defaults, which confab leaves alone.
   */
  policy?: MeetingPolicySettings;
  /**
   * A series: one provider meeting that repeats, `startTime` being its first occurrence.
   * Absent: a single meeting.
   */
  recurrence?: MeetingRecurrence;
}

/** How a series repeats, in the meeting's time zone, at the start time's wall-clock time. */
export interface MeetingRecurrence {
  frequency: "daily" | "weekly" | "monthly";
  /** Every this many days, weeks or months. */
  interval: number;
  /** Weekly: the days it meets, 0 (Sunday) to 6 (Saturday). */
  weekDays?: number[];
  /** Monthly: the day of the month. */
  monthDay?: number;
  /** Ends after this many occurrences, or with the last one starting by `until` (ISO, UTC). */
  count?: number;
  until?: string;
}

/** A meeting's security and entry settings, as a program's meeting policy decides them. */
export interface MeetingPolicySettings {
  waitingRoom: boolean;
  joinBeforeHost: boolean;
  muteUponEntry: boolean;
  /** Only people signed in to the provider may join. */
  authenticatedOnly: boolean;
  /** The meeting's passcode when the policy requires one; absent: the account decides. */
  passcode?: string;
}

export interface ProviderUser {
  id: string;
  email: string;
  displayName: string;
  /** Whether the provider lets this user host meetings (Zoom: a licensed user). */
  canHost: boolean;
}

export interface ProviderMeeting {
  id: string;
  joinUrl: string;
  password: string | undefined;
  hostEmail: string | undefined;
  /** A series' occurrences, as the provider scheduled them. */
  occurrences?: ProviderOccurrence[];
}

export interface ProviderOccurrence {
  id: string;
  startTime: Date;
  durationMinutes: number;
}

export type { ProviderError };
