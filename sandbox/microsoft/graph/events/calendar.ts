/**
 * Changes to a mailbox's events, made through Graph or in Outlook itself. Each one bumps
 * `changeKey` and `lastModifiedDateTime` and tells the mailbox's subscriptions, as a real change
 * does (learn.microsoft.com/graph/outlook-change-notifications-overview).
 */
import type { DirectoryUser } from "../graph-caller.ts";
import type { GraphContext } from "../graph-context.ts";
import type { StoredEvent } from "../graph-data.ts";
import { invalidRequest } from "../graph-error.ts";
import { newChangeKey, newICalUId, newItemId } from "../identifiers.ts";
import type { ChangeType, NotificationDelivery } from "../subscriptions/notifier.ts";
import { canHostTeams, newTeamsMeeting } from "../teams-meeting.ts";
import { checkOrder, type EventFields, type ExtendedProperty } from "./event-input.ts";

/**
 * An event with the single-value extended properties a client set on it. They are kept on the
 * stored event (plain JSON, so a saved state keeps them) and shown only when asked for, as Graph
 * answers events without them (…/api/singlevaluelegacyextendedproperty-get).
 */
export type EventWithProperties = StoredEvent & {
  singleValueExtendedProperties?: ExtendedProperty[];
};

/** The id's type and GUID match in any case; its `Name` part only exactly, as Graph filters. */
function sameProperty(a: string, b: string): boolean {
  const split = (id: string) => {
    const match = /^(\S+)\s+(\{[^}]+\})\s+(.*)$/.exec(id.trim());
    return match === null ? [id] : [match[1]?.toLowerCase(), match[2]?.toLowerCase(), match[3]];
  };
  return JSON.stringify(split(a)) === JSON.stringify(split(b));
}

/** Sets each property sent, replacing one of the same id, as a create or PATCH does. */
function setProperties(event: EventWithProperties, properties: ExtendedProperty[]): void {
  const kept = (event.singleValueExtendedProperties ?? []).filter(
    (stored) => !properties.some((sent) => sameProperty(sent.id, stored.id)),
  );
  event.singleValueExtendedProperties = [...kept, ...properties];
}

/** Whether the event has the property with this value (compared case-insensitively). */
export function hasProperty(event: EventWithProperties, id: string, value: string): boolean {
  return (event.singleValueExtendedProperties ?? []).some(
    (stored) => sameProperty(stored.id, id) && stored.value.toLowerCase() === value.toLowerCase(),
  );
}

export function notifyChange(
  context: GraphContext,
  event: StoredEvent,
  changeType: ChangeType,
): Promise<NotificationDelivery[]> {
  return context.notifier.change(context.data.subscriptions, {
    changeType,
    mailboxId: event.mailboxId,
    eventId: event.id,
    changeKey: event.changeKey,
  });
}

/** The Teams meeting an online event gets, when the mailbox's calendar allows Teams. */
function onlineMeetingOf(event: StoredEvent, organizer: DirectoryUser): void {
  const wantsTeams = event.isOnlineMeeting && event.onlineMeetingProvider === "teamsForBusiness";
  if (!wantsTeams || !canHostTeams(organizer)) {
    event.isOnlineMeeting = false;
    event.onlineMeetingProvider = "unknown";
    event.teams = null;
    return;
  }
  event.teams ??= newTeamsMeeting(organizer, event.subject);
}

export function findByTransactionId(
  context: GraphContext,
  mailboxId: string,
  transactionId: string,
): StoredEvent | undefined {
  return context.data.events.find(
    (event) => event.mailboxId === mailboxId && event.transactionId === transactionId,
  );
}

export function createEvent(
  context: GraphContext,
  organizer: DirectoryUser,
  fields: EventFields,
): StoredEvent {
  const start = fields.start;
  const end = fields.end;
  if (start === undefined || end === undefined)
    throw invalidRequest("An event needs a start and an end.");
  checkOrder(start.instant, end.instant);
  const now = context.deps.clock.now();
  const isOnlineMeeting = fields.isOnlineMeeting ?? false;
  const event: StoredEvent = {
    id: newItemId(),
    mailboxId: organizer.id,
    tenantId: organizer.tenantId,
    iCalUId: newICalUId(),
    changeKey: newChangeKey(),
    subject: fields.subject ?? "",
    body: fields.body ?? { contentType: "html", content: "" },
    startInstant: start.instant,
    endInstant: end.instant,
    originalStartTimeZone: start.timeZone,
    originalEndTimeZone: end.timeZone,
    attendees: fields.attendees ?? [],
    location: fields.location ?? "",
    allowNewTimeProposals: fields.allowNewTimeProposals ?? true,
    isOnlineMeeting,
    // Outlook uses the calendar's default provider when none is named.
    onlineMeetingProvider:
      fields.onlineMeetingProvider === undefined ||
      fields.onlineMeetingProvider === "teamsForBusiness"
        ? "teamsForBusiness"
        : "unknown",
    teams: null,
    transactionId: fields.transactionId ?? null,
    isCancelled: false,
    createdAt: now,
    modifiedAt: now,
  };
  onlineMeetingOf(event, organizer);
  if (fields.singleValueExtendedProperties !== undefined) {
    setProperties(event, fields.singleValueExtendedProperties);
  }
  context.data.events.push(event);
  context.deps.changed();
  return event;
}

/** Applies only what was sent; the Teams meeting (and its join link) stays when times move. */
export function updateEvent(
  context: GraphContext,
  event: StoredEvent,
  organizer: DirectoryUser,
  fields: EventFields,
): void {
  if (fields.transactionId !== undefined && fields.transactionId !== event.transactionId) {
    throw invalidRequest("transactionId is set when an event is created and cannot be changed.");
  }
  const startInstant = fields.start?.instant ?? event.startInstant;
  const endInstant = fields.end?.instant ?? event.endInstant;
  checkOrder(startInstant, endInstant);
  if (fields.subject !== undefined) event.subject = fields.subject;
  if (fields.body !== undefined) event.body = fields.body;
  if (fields.start !== undefined) {
    event.startInstant = fields.start.instant;
    event.originalStartTimeZone = fields.start.timeZone;
  }
  if (fields.end !== undefined) {
    event.endInstant = fields.end.instant;
    event.originalEndTimeZone = fields.end.timeZone;
  }
  if (fields.attendees !== undefined) event.attendees = fields.attendees;
  if (fields.location !== undefined) event.location = fields.location;
  if (fields.allowNewTimeProposals !== undefined) {
    event.allowNewTimeProposals = fields.allowNewTimeProposals;
  }
  if (fields.isOnlineMeeting !== undefined || fields.onlineMeetingProvider !== undefined) {
    const online = fields.isOnlineMeeting ?? event.isOnlineMeeting;
    // Outlook does not take a Teams meeting off an event once it has one.
    event.isOnlineMeeting = online || event.teams !== null;
    event.onlineMeetingProvider =
      (fields.onlineMeetingProvider ?? "teamsForBusiness") === "teamsForBusiness"
        ? "teamsForBusiness"
        : "unknown";
    onlineMeetingOf(event, organizer);
  }
  if (fields.singleValueExtendedProperties !== undefined) {
    setProperties(event, fields.singleValueExtendedProperties);
  }
  if (event.teams !== null) event.teams.subject = event.subject;
  event.changeKey = newChangeKey();
  event.modifiedAt = context.deps.clock.now();
  context.deps.changed();
}

export function removeEvent(context: GraphContext, event: StoredEvent): void {
  context.data.events = context.data.events.filter((stored) => stored.id !== event.id);
  context.deps.changed();
}

/**
 * `POST .../cancel` (learn.microsoft.com/graph/api/event-cancel): the organizer's cancellation
 * message with its comment goes to the attendees and the meeting leaves the organizer's
 * calendar; the message is kept in `cancellations` for the control API to show.
 */
export function cancelEvent(context: GraphContext, event: StoredEvent, comment: string): void {
  context.data.cancellations.push({
    eventId: event.id,
    mailboxId: event.mailboxId,
    subject: event.subject,
    comment,
    attendees: event.attendees.map((attendee) => attendee.address),
    at: context.deps.clock.now(),
  });
  event.isCancelled = true;
  event.changeKey = newChangeKey();
  removeEvent(context, event);
}
