import { endpointPattern, type PathRules } from "../providers/endpoint-pattern.ts";

const graphPaths: PathRules = {
  idAfter: new Map([
    ["users", "{userId}"],
    ["events", "{eventId}"],
    ["calendars", "{calendarId}"],
    ["onlineMeetings", "{meetingId}"],
  ]),
  // Graph's own words are short camelCase (`licenseDetails`); an id is long, or has digits.
  word: /^[A-Za-z]{1,40}$/,
};

/**
 * A Microsoft Graph path (after `/v1.0`) as a pattern, the way Graph's reference names it:
 * `/users/ada%40x.example/events` is `/users/{userId}/events`, `/me/events/AAMkAG…` is
 * `/me/events/{eventId}`. Metrics get the pattern, never an id or an email.
 */
export function graphEndpoint(path: string): string {
  return endpointPattern(path, graphPaths);
}
