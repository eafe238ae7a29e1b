/**
 * Checks a create or update body as `checkMeetingBody` does and, for a
 * recurring meeting with a fixed time, its `recurrence` too, answering every
 * problem in one 300 reply. A recurrence problem replaces the description's
 * bare "Invalid field." for the same field, so the reply says what Zoom's
 * limits are (for instance the 50-occurrence cap).
 */

import { isJsonObject } from "../../common/request-body.ts";
import { type FieldError, validationFailed, ZoomApiError } from "../api/zoom-error.ts";
import type { RequestOperation } from "../openapi-validation.ts";
import { checkMeetingBody, type MeetingBody } from "./check-meeting-body.ts";
import { type Recurrence, readRecurrence } from "./recurrence.ts";

function merged(described: FieldError[], own: FieldError[]): FieldError[] {
  const ownFields = new Set(own.map((error) => error.field));
  return [...described.filter((error) => !ownFields.has(error.field)), ...own];
}

/**
 * `recurring(body)` tells whether the meeting is type 8 once this body is
 * applied; its `recurrence` is then read (undefined when the body has none).
 */
export function checkSeriesBody(
  operation: RequestOperation,
  rawBody: unknown,
  fallbackTimezone: string,
  recurring: (body: Record<string, unknown>) => boolean,
): { body: MeetingBody; recurrence: Recurrence | undefined } {
  let own: FieldError[] = [];
  let recurrence: Recurrence | undefined;
  if (isJsonObject(rawBody) && recurring(rawBody) && rawBody.recurrence !== undefined) {
    const reading = readRecurrence(rawBody.recurrence);
    own = reading.errors;
    recurrence = reading.recurrence;
  }
  let body: MeetingBody;
  try {
    body = checkMeetingBody(operation, rawBody, fallbackTimezone);
  } catch (error) {
    if (error instanceof ZoomApiError && error.errors !== undefined && own.length > 0) {
      throw validationFailed(merged(error.errors, own));
    }
    throw error;
  }
  if (own.length > 0) throw validationFailed(own);
  return { body, recurrence };
}
