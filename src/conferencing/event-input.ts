import { type CallbackPolicy, callbackUrlProblem } from "../callbacks/callback-target.ts";
import { DomainError } from "../domain-error.ts";

/** An event upsert as the application sends it (Cronofy's field names). */
export interface UpsertEventBody {
  event_id: string;
  summary?: string;
  description?: string;
  start?: string | { time: string; tzid?: string };
  end?: string | { time: string; tzid?: string };
  tzid?: string;
  location?: { description?: string };
  attendees?: {
    invite?: { email: string; display_name?: string }[];
    reject?: { email: string }[];
  };
  conferencing?: { profile_id: string; provider_description?: string; join_url?: string };
  subscriptions?: {
    type: string;
    uri: string;
    interactions?: { type: string }[];
  }[];
}

/**
 * What conferencing an event asks for: a meeting made with one of the owner's profiles, one made
 * in the organization's install of a provider for a named host (program meetings, F9), or join
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
  | { kind: "explicit"; providerDescription: string; joinUrl: string };

/** Whether the request is for a meeting confab makes (and keeps in step) at a provider. */
export function wantsProviderMeeting(
  request: ConferencingRequest | null,
): request is Exclude<ConferencingRequest, { kind: "explicit" }> {
  return request?.kind === "profile" || request?.kind === "organization";
}

export interface Subscription {
  uri: string;
  interactions: ("conferencing_assigned" | "conferencing_failing")[];
}

export interface EventInput {
  eventId: string;
  summary: string;
  description: string;
  startAt: Date;
  endAt: Date;
  timeZone: string;
  location: string | null;
  invite: { email: string; display_name?: string }[];
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
 */
/** `callbacks`: the egress rule subscriptions' URIs are held to where it can be told now. */
export function readEventInput(body: UpsertEventBody, callbacks: CallbackPolicy): EventInput {
  const problems: Record<string, string> = {};
  if (typeof body.summary !== "string") problems.summary = "summary is required.";
  const time = (field: "start" | "end") => {
    const value = body[field];
    if (value === undefined) {
      problems[field] = `${field} is required.`;
      return new Date(Number.NaN);
    }
    const text = typeof value === "string" ? value : value?.time;
    if (
      !text ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)
    ) {
      problems[field] =
        "Give a UTC time in ISO 8601 (e.g. 2030-05-01T09:00:00Z), or {time, tzid}; all-day events are not supported.";
      return new Date(Number.NaN);
    }
    const date = new Date(text);
    if (Number.isNaN(date.getTime())) problems[field] = "This is not a real date and time.";
    return date;
  };
  const startAt = time("start");
  const endAt = time("end");
  if (!problems.start && !problems.end && endAt.getTime() <= startAt.getTime()) {
    problems.end = "The end must be after the start.";
  }
  const zoneOf = (value: UpsertEventBody["start"]) =>
    typeof value === "object" ? value.tzid : undefined;
  const timeZone = zoneOf(body.start) ?? body.tzid ?? zoneOf(body.end) ?? "Etc/UTC";
  if (!isTimeZone(timeZone)) problems.tzid = `"${timeZone}" is not a known IANA time zone.`;

  let conferencing: EventInput["conferencing"];
  if (body.conferencing !== undefined) {
    const { profile_id, provider_description, join_url } = body.conferencing;
    if (profile_id === "none") conferencing = null;
    else if (profile_id === "explicit") {
      if (!join_url || !isWebUrl(join_url)) {
        problems.conferencing = "Explicit conferencing needs a join_url (http or https).";
      }
      conferencing = {
        kind: "explicit",
        providerDescription: provider_description ?? "",
        joinUrl: join_url ?? "",
      };
    } else if (profile_id === "default" || /^pro_[A-Za-z0-9_-]{1,64}$/.test(profile_id)) {
      conferencing = { kind: "profile", profileId: profile_id };
    } else {
      problems.conferencing =
        'Give profile_id "default", a conferencing profile id (pro_…), "explicit" or "none".';
    }
  }

  let subscriptions: Subscription[] | undefined;
  if (body.subscriptions !== undefined) {
    subscriptions = [];
    for (const given of body.subscriptions) {
      if (given.type !== "webhook" || !isWebUrl(given.uri)) {
        problems.subscriptions = 'Each subscription is {type: "webhook", uri: an http(s) URL}.';
        continue;
      }
      const refused = callbackUrlProblem(given.uri, callbacks);
      if (refused) {
        problems.subscriptions = `The subscription uri ${refused}. Notifications go only to public https endpoints (port 443 or 8443) unless this instance's operator allows the target (CONFAB_CALLBACK_ALLOW).`;
        continue;
      }
      const wanted = (given.interactions ?? []).map((i) => i.type);
      const unknown = wanted.filter((t) => !(interactionTypes as readonly string[]).includes(t));
      if (unknown.length > 0) {
        problems.subscriptions = `Unknown interaction ${unknown.join(", ")}: confab sends conferencing_assigned and conferencing_failing.`;
        continue;
      }
      subscriptions.push({
        uri: given.uri,
        interactions: (wanted.length > 0
          ? wanted
          : [...interactionTypes]) as Subscription["interactions"],
      });
    }
  }

  if (Object.keys(problems).length > 0) {
    throw new DomainError("unprocessable", "The event is not valid.", problems);
  }
  return {
    eventId: body.event_id,
    summary: body.summary ?? "",
    description: body.description ?? "",
    startAt,
    endAt,
    timeZone,
    location: body.location?.description ?? null,
    invite: body.attendees?.invite ?? [],
    reject: (body.attendees?.reject ?? []).map((r) => r.email.toLowerCase()),
    conferencing,
    subscriptions,
  };
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
