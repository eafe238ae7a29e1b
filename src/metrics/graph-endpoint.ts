/**
 * A Microsoft Graph path (after `/v1.0`) as a pattern, the way Graph's reference names it:
 * `/users/ada%40x.example/events` is `/users/{userId}/events`, `/me/events/AAMkAG…` is
 * `/me/events/{eventId}`. Metrics get the pattern, never an id or an email.
 */
export function graphEndpoint(path: string): string {
  const segments = path.split("?")[0]?.split("/") ?? [];
  return segments
    .map((segment, index) => {
      const previous = segments[index - 1];
      if (index === 0 || segment === "") return segment;
      if (previous === "users") return "{userId}";
      if (previous === "events") return "{eventId}";
      if (previous === "calendars") return "{calendarId}";
      if (previous === "onlineMeetings") return "{meetingId}";
      // Graph's own words are short camelCase (`licenseDetails`); an id is long, or has digits.
      return /^[A-Za-z]{1,40}$/.test(segment) ? segment : "{id}";
    })
    .join("/");
}
