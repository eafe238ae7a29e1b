/** What an alert job is about: a connection that broke, or a meeting that could not be made. */
export type AlertPayload =
  | { alert: "connection_broken"; connectionId: string }
  | { alert: "meeting_failed"; eventId: string };
