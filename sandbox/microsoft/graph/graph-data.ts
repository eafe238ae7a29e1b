/**
 * What the Graph surfaces keep: events per mailbox, Teams meetings (behind events or made with
 * createOrGet), subscriptions and the application access policies an administrator granted.
 * Plain JSON, so a saved state is this object as it stands.
 */

export interface StoredAttendee {
  address: string;
  name: string;
  type: "required" | "optional" | "resource";
}

/** The Teams meeting behind a join link. */
export interface TeamsMeeting {
  threadId: string;
  conferenceId: string;
  tollNumber: string;
  passcode: string;
  joinMeetingId: string;
  organizerId: string;
  subject: string;
}

export interface StoredEvent {
  id: string;
  mailboxId: string;
  tenantId: string;
  iCalUId: string;
  changeKey: string;
  subject: string;
  body: { contentType: "text" | "html"; content: string };
  startInstant: number;
  endInstant: number;
  originalStartTimeZone: string;
  originalEndTimeZone: string;
  attendees: StoredAttendee[];
  location: string;
  allowNewTimeProposals: boolean;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: "teamsForBusiness" | "unknown";
  teams: TeamsMeeting | null;
  transactionId: string | null;
  isCancelled: boolean;
  createdAt: number;
  modifiedAt: number;
}

export type MeetingRole = "attendee" | "presenter" | "producer" | "coorganizer";

export interface StoredOnlineMeeting {
  id: string;
  organizerId: string;
  tenantId: string;
  externalId: string | null;
  subject: string;
  startInstant: number;
  endInstant: number;
  createdAt: number;
  attendees: { upn: string; userId: string | null; displayName: string; role: MeetingRole }[];
  teams: TeamsMeeting;
}

export interface StoredSubscription {
  id: string;
  tenantId: string;
  clientId: string;
  creatorId: string;
  resource: string;
  /** The mailbox the resource names (a user id). */
  mailboxId: string;
  changeTypes: ("created" | "updated" | "deleted")[];
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expiresAt: number;
}

export interface Cancellation {
  eventId: string;
  mailboxId: string;
  subject: string;
  comment: string;
  attendees: string[];
  at: number;
}

export interface GraphData {
  events: StoredEvent[];
  onlineMeetings: StoredOnlineMeeting[];
  subscriptions: StoredSubscription[];
  /** `{clientId, userId}` pairs: Grant-CsApplicationAccessPolicy for that app and user. */
  accessPolicies: { clientId: string; userId: string }[];
  /** Cancellation messages sent to attendees by `POST .../cancel`. */
  cancellations: Cancellation[];
}

export function emptyGraphData(): GraphData {
  return {
    events: [],
    onlineMeetings: [],
    subscriptions: [],
    accessPolicies: [],
    cancellations: [],
  };
}

/** Accepts a saved state only when it has this shape's collections. */
export function isGraphData(saved: unknown): saved is GraphData {
  if (saved === null || typeof saved !== "object") return false;
  const data = saved as Record<string, unknown>;
  return ["events", "onlineMeetings", "subscriptions", "accessPolicies", "cancellations"].every(
    (key) => Array.isArray(data[key]),
  );
}
