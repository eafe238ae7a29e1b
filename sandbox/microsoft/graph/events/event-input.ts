/**
 * Reads the JSON of `POST .../events` and `PATCH .../events/{id}` into the fields the sandbox
 * keeps, refusing what Outlook refuses: a missing or malformed `start`/`end`, an end before the
 * start, a time zone Outlook does not know (`TimeZoneNotSupportedException`, with the message
 * Graph answers: github.com/microsoftgraph/microsoft-graph-docs/issues/4758), a wrong attendee
 * `type` (learn.microsoft.com/graph/api/resources/attendee: required, optional, resource).
 * A value of the wrong type is refused as Graph's OData reader refuses it, `RequestBodyRead`.
 */

import type { StoredAttendee } from "../graph-data.ts";
import { badRequest, bodyRead, GraphError, invalidRequest } from "../graph-error.ts";
import { ianaZone, localToInstant } from "../graph-time.ts";

export interface EventFields {
  subject?: string;
  body?: { contentType: "text" | "html"; content: string };
  start?: { instant: number; timeZone: string };
  end?: { instant: number; timeZone: string };
  attendees?: StoredAttendee[];
  location?: string;
  allowNewTimeProposals?: boolean;
  isOnlineMeeting?: boolean;
  onlineMeetingProvider?: string;
  transactionId?: string;
  singleValueExtendedProperties?: ExtendedProperty[];
}

/**
 * A single-value extended property (resources/singlevaluelegacyextendedproperty), as an
 * `{id, value}` pair; the id names the property, e.g. `String {guid} Name MyProperty`.
 */
export interface ExtendedProperty {
  id: string;
  value: string;
}

const PROVIDERS = ["teamsForBusiness", "skypeForBusiness", "skypeForConsumer", "unknown"];
const ATTENDEE_TYPES = ["required", "optional", "resource"];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function timeOf(name: "start" | "end", value: unknown): { instant: number; timeZone: string } {
  if (!isObject(value) || typeof value.dateTime !== "string") {
    throw invalidRequest(
      `Your request can't be completed. '${name}' must be an object with a 'dateTime' and a 'timeZone'.`,
    );
  }
  const timeZone = typeof value.timeZone === "string" ? value.timeZone : "";
  const zone = ianaZone(timeZone);
  if (zone === undefined) {
    throw new GraphError(
      400,
      "TimeZoneNotSupportedException",
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${timeZone}'.`,
    );
  }
  const instant = localToInstant(value.dateTime, zone);
  if (instant === undefined) {
    throw bodyRead(
      `Cannot convert the literal '${value.dateTime}' to the expected type 'Edm.DateTime' in '${name}.dateTime'.`,
    );
  }
  return { instant, timeZone };
}

function attendeesOf(value: unknown): StoredAttendee[] {
  if (!Array.isArray(value)) throw bodyRead("'attendees' must be an array of attendees.");
  return value.map((item, index) => {
    const email = isObject(item) ? item.emailAddress : undefined;
    if (!isObject(email) || typeof email.address !== "string" || !email.address.includes("@")) {
      throw bodyRead(`attendees[${index}].emailAddress.address must be an email address.`);
    }
    const type = isObject(item) && item.type !== undefined ? item.type : "required";
    if (typeof type !== "string" || !ATTENDEE_TYPES.includes(type.toLowerCase())) {
      throw bodyRead(
        `attendees[${index}].type must be one of required, optional, resource; got '${String(type)}'.`,
      );
    }
    return {
      address: email.address,
      name: typeof email.name === "string" ? email.name : email.address,
      type: type.toLowerCase() as StoredAttendee["type"],
    };
  });
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw bodyRead(`'${key}' must be a string.`);
  return value;
}

function booleanField(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw bodyRead(`'${key}' must be true or false.`);
  return value;
}

/** The fields a create or update sends; `requireTimes` for a create. */
export function readEventFields(body: unknown, requireTimes: boolean): EventFields {
  if (!isObject(body))
    throw badRequest("The request body must be a JSON object describing an event.");
  const fields: EventFields = {};
  const subject = stringField(body, "subject");
  if (subject !== undefined) fields.subject = subject;
  if (body.body !== undefined) {
    const text = body.body;
    if (!isObject(text))
      throw bodyRead("'body' must be an object with 'contentType' and 'content'.");
    const contentType = String(text.contentType ?? "text").toLowerCase();
    if (contentType !== "text" && contentType !== "html") {
      throw bodyRead(
        `body.contentType must be 'text' or 'html'; got '${String(text.contentType)}'.`,
      );
    }
    fields.body = { contentType, content: typeof text.content === "string" ? text.content : "" };
  }
  for (const name of ["start", "end"] as const) {
    if (body[name] === undefined || body[name] === null) {
      if (requireTimes) {
        throw invalidRequest(
          `Your request can't be completed. An event needs a start and an end; '${name}' is missing.`,
        );
      }
      continue;
    }
    fields[name] = timeOf(name, body[name]);
  }
  if (body.attendees !== undefined) fields.attendees = attendeesOf(body.attendees);
  if (body.location !== undefined) {
    const location = body.location;
    fields.location =
      isObject(location) && typeof location.displayName === "string" ? location.displayName : "";
  }
  const allow = booleanField(body, "allowNewTimeProposals");
  if (allow !== undefined) fields.allowNewTimeProposals = allow;
  const online = booleanField(body, "isOnlineMeeting");
  if (online !== undefined) fields.isOnlineMeeting = online;
  const provider = stringField(body, "onlineMeetingProvider");
  if (provider !== undefined) {
    if (!PROVIDERS.includes(provider)) {
      throw bodyRead(
        `onlineMeetingProvider must be one of ${PROVIDERS.join(", ")}; got '${provider}'.`,
      );
    }
    fields.onlineMeetingProvider = provider;
  }
  const transactionId = stringField(body, "transactionId");
  if (transactionId !== undefined) fields.transactionId = transactionId;
  if (body.singleValueExtendedProperties !== undefined) {
    fields.singleValueExtendedProperties = extendedPropertiesOf(body.singleValueExtendedProperties);
  }
  return fields;
}

function extendedPropertiesOf(value: unknown): ExtendedProperty[] {
  if (!Array.isArray(value)) {
    throw bodyRead("'singleValueExtendedProperties' must be an array of {id, value} objects.");
  }
  return value.map((item, index) => {
    if (!isObject(item) || typeof item.id !== "string" || typeof item.value !== "string") {
      throw bodyRead(
        `singleValueExtendedProperties[${index}] must have a string 'id' and 'value'.`,
      );
    }
    return { id: item.id, value: item.value };
  });
}

/** An end before its start is refused; an event may last no time at all. */
export function checkOrder(startInstant: number, endInstant: number): void {
  if (endInstant < startInstant) {
    throw invalidRequest(
      "Your request can't be completed. The end of the event is before its start.",
    );
  }
}
