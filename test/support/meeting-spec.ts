import type { MeetingSpec } from "../../src/providers/provider.ts";

/**
 * A half-hour meeting tomorrow, as the conferencing core would ask a provider for it: what tests
 * and benchmarks of the connector send when the meeting's details do not matter.
 */
export function meetingTomorrow(
  topic: string,
  marker: string,
  overrides: Partial<MeetingSpec> = {},
): MeetingSpec {
  return {
    topic,
    agenda: "",
    startTime: new Date(Date.now() + 86_400_000),
    durationMinutes: 30,
    timeZone: "UTC",
    host: "me",
    alternativeHosts: [],
    marker,
    ...overrides,
  };
}
