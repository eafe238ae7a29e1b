/**
 * A Zoom API path as a pattern, the way Zoom's reference names it: `/users/me/meetings` and
 * `/users/ada%40x.example/meetings` are both `/users/{userId}/meetings`, `/meetings/8512…` is
 * `/meetings/{meetingId}`. Metrics and logs get the pattern, never an id or an email.
 */
export function zoomEndpoint(path: string): string {
  const segments = path.split("?")[0]?.split("/") ?? [];
  return segments
    .map((segment, index) => {
      const previous = segments[index - 1];
      if (index === 0 || segment === "") return segment;
      if (previous === "users") return "{userId}";
      if (previous === "meetings" || previous === "past_meetings") return "{meetingId}";
      if (previous === "accounts") return "{accountId}";
      // Anything else that looks like an identifier rather than a word of the API.
      return /^[a-z_]+$/.test(segment) ? segment : "{id}";
    })
    .join("/");
}
