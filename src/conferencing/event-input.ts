import { type CallbackPolicy, callbackUrlProblem } from "../callbacks/callback-target.ts";
import { FieldProblems } from "../field-problems.ts";
import { readEventTime, startOfDay } from "./event-times.ts";

/** An event upsert as the application sends it (Cronofy's field names). */
export interface UpsertEventBody {
  event_id?: string;
  /** Cronofy addresses events it does not manage by event_uid; confab's are all managed. */
  event_uid?: string;
  calendar_id?: string;
  summary?: string;
  description?: string;
  start?: string | { time: string; tzid?: string };
  end?: string | { time: string; tzid?: string };
  tzid?: string;
  location?: { description?: string; lat?: string | number; long?: string | number };
  url?: string;
  transparency?: "opaque" | "transparent";
  color?: string;
  reminders?: { minutes: number }[];
  reminders_create_only?: boolean;
  event_private?: boolean;
  attendees?: {
    invite?: { email: string; display_name?: string }[];
    reject?: { email: string; display_name?: string }[];
    remove?: { email: string; display_name?: string }[];
  };
  conferencing?: { profile_id: string; provider_description?: string; join_url?: string };
  subscriptions?: {
    type: string;
    uri: string;
    interactions?: { type: string }[];
  }[];
  recurrence?: unknown;
  include_userinfo?: boolean;
}

/** Every field of Cronofy's upsert that confab reads; anything else is refused by name. */
const knownFields = new Set([
  "event_id",
  "event_uid",
  "calendar_id",
  "summary",
  "description",
  "start",
  "end",
  "tzid",
  "location",
  "url",
  "transparency",
  "color",
  "reminders",
  "reminders_create_only",
  "event_private",
  "attendees",
  "conferencing",
  "subscriptions",
  "recurrence",
  "include_userinfo",
]);

/**
 * Cronofy fields confab stores and reads back as given, though it has nothing to act on with
 * them: there is no calendar of the person's to colour, remind or hide an event in.
 */
export interface EventDetails {
  url?: string;
  transparency?: "opaque" | "transparent";
  color?: string;
  reminders?: { minutes: number }[];
  event_private?: boolean;
  location_lat?: string;
  location_long?: string;
}

/**
 * What conferencing an event asks for: a meeting made with one of the owner's profiles, one made
 * in the organization's install of a provider for a named host (program meetings, F9), one made
 * with a member's own connected profile (program meetings where the program allows it), or join
 * details given as they are.
 */
export type ConferencingRequest =
  | { kind: "profile"; profileId: string }
  | {
      kind: "organization";
      provider: string;
      /** The host's email at the provider: the member who made the meeting. */
      host: string;
      /** Invitees the provider lets co-host, decided when the meeting was saved. */
      alternativeHosts: string[];
    }
  | {
      kind: "member_profile";
      /** The member who made the meeting, and hosts it in their own account. */
      userId: string;
      /** Their personal connection it is made with (one made again in its place will do). */
      connectionId: string;
      provider: string;
    }
  | { kind: "explicit"; providerDescription: string; joinUrl: string };

/** Whether the request is for a meeting confab makes (and keeps in step) at a provider. */
export function wantsProviderMeeting(
  request: ConferencingRequest | null,
): request is Exclude<ConferencingRequest, { kind: "explicit" }> {
  return (
    request?.kind === "profile" ||
    request?.kind === "organization" ||
    request?.kind === "member_profile"
  );
}

export interface Subscription {
  uri: string;
  interactions: ("conferencing_assigned" | "conferencing_failing")[];
}

export interface EventInput {
  /** How the application addresses the event: its own event_id, or confab's event_uid. */
  key: { eventId: string } | { eventUid: string };
  summary: string;
  description: string;
  startAt: Date;
  endAt: Date;
  /** An all-day event: start and end are dates, the end exclusive, as Cronofy has them. */
  allDay: boolean;
  timeZone: string;
  location: string | null;
  /** Only the details the upsert names; the others keep what the event had. */
  details: EventDetails;
  /** Reminders are set when the event is made and never changed by later upserts. */
  remindersCreateOnly: boolean;
  invite: { email: string; display_name?: string }[];
  /** Attendees to take off the event (Cronofy's reject and remove alike). */
  reject: string[];
  /** undefined: leave the event's conferencing as it is; null: take it away. */
  conferencing: ConferencingRequest | null | undefined;
  /** undefined: keep the event's subscriptions; []: clear them. */
  subscriptions: Subscription[] | undefined;
}

const interactionTypes = ["conferencing_assigned", "conferencing_failing"] as const;

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads an upsert into confab's terms, collecting every problem by field (Cronofy's 422 shape),
 * so the application sees all of them at once and nothing is written.
 * `callbacks`: the egress rule subscriptions' URIs are held to where it can be told now.
 */
export function readEventInput(body: UpsertEventBody, callbacks: CallbackPolicy): EventInput {
  const problems = new FieldProblems();
  for (const field of Object.keys(body)) {
    if (!knownFields.has(field)) {
      problems.add(
        field,
        "unknown",
        `confab does not know the field ${field}; see /docs for the fields of an event.`,
      );
    }
  }
  if (body.recurrence !== undefined) {
    problems.add(
      "recurrence",
      "not_supported",
      "confab cannot make recurring events through this API yet: send each occurrence as its own event.",
    );
  }
  const key = eventKey(body, problems);
  if (typeof body.summary !== "string") problems.add("summary", "required", "summary is required.");

  const zoneOf = (value: UpsertEventBody["start"]) =>
    typeof value === "object" && value !== null ? value.tzid : undefined;
  const timeZone = zoneOf(body.start) ?? body.tzid ?? zoneOf(body.end) ?? "Etc/UTC";
  const knownZone = isTimeZone(timeZone);
  if (!knownZone) {
    problems.add("tzid", "invalid", `"${timeZone}" is not a known IANA time zone.`);
  }
  const time = (field: "start" | "end") => {
    const value = body[field];
    if (value === undefined || value === null) {
      problems.add(field, "required", `${field} is required.`);
      return undefined;
    }
    const text = typeof value === "string" ? value : value.time;
    const read = readEventTime(text ?? "", knownZone ? (zoneOf(value) ?? timeZone) : "Etc/UTC");
    if (typeof read === "string") {
      problems.add(field, "invalid", read);
      return undefined;
    }
    return read;
  };
  const start = time("start");
  const end = time("end");
  let startAt = new Date(Number.NaN);
  let endAt = new Date(Number.NaN);
  let allDay = false;
  if (start && end) {
    if (start.kind !== end.kind) {
      problems.add(
        "end",
        "invalid",
        "start and end are both dates (an all-day event) or both times; this event mixes them.",
      );
    } else if (start.kind === "date" && end.kind === "date") {
      allDay = true;
      startAt = startOfDay(start.date, knownZone ? timeZone : "Etc/UTC");
      endAt = startOfDay(end.date, knownZone ? timeZone : "Etc/UTC");
      if (end.date <= start.date) {
        problems.add(
          "end",
          "invalid",
          "An all-day event ends on a later date than it starts (the end date is exclusive).",
        );
      }
    } else if (start.kind === "time" && end.kind === "time") {
      startAt = start.instant;
      endAt = end.instant;
      if (endAt.getTime() <= startAt.getTime()) {
        problems.add("end", "invalid", "The end must be after the start.");
      }
    }
  }

  const details = readDetails(body, problems);
  const conferencing = readConferencing(body, problems);
  const subscriptions = readSubscriptions(body, callbacks, problems);

  problems.throwIfAny("The event is not valid.");
  const attendees = body.attendees ?? {};
  return {
    key: key as EventInput["key"],
    summary: body.summary ?? "",
    description: body.description ?? "",
    startAt,
    endAt,
    allDay,
    timeZone,
    location: body.location?.description ?? null,
    details,
    remindersCreateOnly: body.reminders_create_only === true,
    invite: (attendees.invite ?? []).map(({ email, display_name }) =>
      display_name === undefined ? { email } : { email, display_name },
    ),
    reject: [...(attendees.reject ?? []), ...(attendees.remove ?? [])].map((r) =>
      r.email.toLowerCase(),
    ),
    conferencing,
    subscriptions,
  };
}

/** event_id, or (for an event confab already holds) its event_uid: exactly one of them. */
function eventKey(body: UpsertEventBody, problems: FieldProblems) {
  const hasId = typeof body.event_id === "string" && body.event_id.length > 0;
  const hasUid = typeof body.event_uid === "string" && body.event_uid.length > 0;
  if (hasId && hasUid) {
    problems.add(
      "event_uid",
      "invalid",
      "Give event_id or event_uid, not both: event_id names the event by your id, event_uid by confab's.",
    );
    return undefined;
  }
  if (hasId) return { eventId: body.event_id as string };
  if (hasUid) return { eventUid: body.event_uid as string };
  problems.add(
    "event_id",
    "required",
    "event_id is required (your id for the event); an event confab already holds may instead be named by its event_uid.",
  );
  return undefined;
}

function readDetails(body: UpsertEventBody, problems: FieldProblems): EventDetails {
  const details: EventDetails = {};
  if (body.url !== undefined) {
    if (!isWebUrl(body.url)) problems.add("url", "invalid", "url is an http or https URL.");
    else details.url = body.url;
  }
  if (body.transparency !== undefined) details.transparency = body.transparency;
  if (body.color !== undefined) {
    if (!/^#[0-9a-f]{6}$/i.test(body.color)) {
      problems.add("color", "invalid", 'color is a hex colour such as "#49BED8".');
    } else details.color = body.color;
  }
  if (body.reminders !== undefined)
    details.reminders = body.reminders.map((r) => ({ minutes: r.minutes }));
  if (body.event_private !== undefined) details.event_private = body.event_private;
  const { lat, long } = body.location ?? {};
  if (lat !== undefined) details.location_lat = String(lat);
  if (long !== undefined) details.location_long = String(long);
  if ((lat === undefined) !== (long === undefined)) {
    problems.add("location", "invalid", "location.lat and location.long are given together.");
  }
  for (const [field, value, limit] of [
    ["lat", lat, 90],
    ["long", long, 180],
  ] as const) {
    if (value === undefined) continue;
    const degrees = Number(value);
    if (!Number.isFinite(degrees) || Math.abs(degrees) > limit) {
      problems.add(
        "location",
        "invalid",
        `location.${field} is a number of degrees, at most ${limit} either way.`,
      );
    }
  }
  return details;
}

function readConferencing(body: UpsertEventBody, problems: FieldProblems) {
  let conferencing: EventInput["conferencing"];
  if (body.conferencing === undefined) return conferencing;
  const { profile_id, provider_description, join_url } = body.conferencing;
  if (profile_id === "none") conferencing = null;
  else if (profile_id === "explicit") {
    if (!join_url || !isWebUrl(join_url)) {
      problems.add(
        "conferencing",
        "invalid",
        "Explicit conferencing needs a join_url (http or https).",
      );
    }
    conferencing = {
      kind: "explicit",
      providerDescription: provider_description ?? "",
      joinUrl: join_url ?? "",
    };
  } else if (profile_id === "default" || /^pro_[A-Za-z0-9_-]{1,64}$/.test(profile_id)) {
    conferencing = { kind: "profile", profileId: profile_id };
  } else {
    problems.add(
      "conferencing",
      "invalid",
      'Give profile_id "default", a conferencing profile id (pro_…), "explicit" or "none".',
    );
  }
  return conferencing;
}

function readSubscriptions(
  body: UpsertEventBody,
  callbacks: CallbackPolicy,
  problems: FieldProblems,
): Subscription[] | undefined {
  if (body.subscriptions === undefined) return undefined;
  const subscriptions: Subscription[] = [];
  for (const given of body.subscriptions) {
    if (given.type !== "webhook" || !isWebUrl(given.uri)) {
      problems.add(
        "subscriptions",
        "invalid",
        'Each subscription is {type: "webhook", uri: an http(s) URL}.',
      );
      continue;
    }
    const refused = callbackUrlProblem(given.uri, callbacks);
    if (refused) {
      problems.add(
        "subscriptions",
        "invalid",
        `The subscription uri ${refused}. Notifications go only to public https endpoints (port 443 or 8443) unless this instance's operator allows the target (CONFAB_CALLBACK_ALLOW).`,
      );
      continue;
    }
    const wanted = (given.interactions ?? []).map((i) => i.type);
    const unknown = wanted.filter((t) => !(interactionTypes as readonly string[]).includes(t));
    if (unknown.length > 0) {
      problems.add(
        "subscriptions",
        "invalid",
        `Unknown interaction ${unknown.join(", ")}: confab sends conferencing_assigned and conferencing_failing.`,
      );
      continue;
    }
    subscriptions.push({
      uri: given.uri,
      interactions: (wanted.length > 0
        ? wanted
        : [...interactionTypes]) as Subscription["interactions"],
    });
  }
  return subscriptions;
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
