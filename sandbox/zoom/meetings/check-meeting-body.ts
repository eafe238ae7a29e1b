/**
 * Refuses a meeting body Zoom would refuse: first against Zoom's API
 * description, then the limits Zoom documents beyond it (zoom.md item 12).
 */

import { isJsonObject } from "../../common/request-body.ts";
import { bodyIsNotJsonObject, type FieldError, validationFailed } from "../api/zoom-error.ts";
import { type RequestOperation, requestBodyErrors } from "../openapi-validation.ts";
import { isKnownTimezone, parseStartTime } from "./start-time.ts";

export type MeetingBody = Record<string, unknown> & {
  settings?: Record<string, unknown>;
};

const PASSCODE = /^[A-Za-z0-9@\-_*]*$/;

function documentedLimits(body: MeetingBody, fallbackTimezone: string): FieldError[] {
  const problems: string[] = [];
  const { topic, agenda, password, duration, timezone, start_time } = body;
  if (typeof topic === "string" && topic.length > 200) problems.push("topic");
  if (typeof agenda === "string" && agenda.length > 2000) problems.push("agenda");
  if (typeof password === "string" && (password.length > 10 || !PASSCODE.test(password))) {
    problems.push("password");
  }
  if (typeof duration === "number" && (duration < 1 || duration > 1440)) problems.push("duration");
  if (typeof timezone === "string" && timezone !== "" && !isKnownTimezone(timezone)) {
    problems.push("timezone");
  }
  const zone = typeof timezone === "string" && timezone !== "" ? timezone : fallbackTimezone;
  if (typeof start_time === "string" && parseStartTime(start_time, zone) === undefined) {
    problems.push("start_time");
  }
  return problems.map((field) => ({ field, message: "Invalid field." }));
}

export function checkMeetingBody(
  operation: RequestOperation,
  body: unknown,
  fallbackTimezone: string,
): MeetingBody {
  if (!isJsonObject(body)) throw bodyIsNotJsonObject();
  const meetingBody: MeetingBody = body;
  const errors = [...requestBodyErrors(operation, body)];
  for (const error of documentedLimits(meetingBody, fallbackTimezone)) {
    if (!errors.some((known) => known.field === error.field)) errors.push(error);
  }
  if (errors.length > 0) throw validationFailed(errors);
  return meetingBody;
}
