import { endpointPattern, type PathRules } from "../endpoint-pattern.ts";

const zoomPaths: PathRules = {
  idAfter: new Map([
    ["users", "{userId}"],
    ["meetings", "{meetingId}"],
    ["past_meetings", "{meetingId}"],
    ["accounts", "{accountId}"],
  ]),
  // Anything else that looks like an identifier rather than a word of the API.
  word: /^[a-z_]+$/,
};

/**
 * A Zoom API path as a pattern, the way Zoom's reference names it: `/users/me/meetings` and
 * `/users/ada%40x.example/meetings` are both `/users/{userId}/meetings`, `/meetings/8512…` is
 * `/meetings/{meetingId}`. Metrics and logs get the pattern, never an id or an email.
 */
export function zoomEndpoint(path: string): string {
  return endpointPattern(path, zoomPaths);
}
