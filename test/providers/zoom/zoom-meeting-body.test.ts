import assert from "node:assert/strict";
import { test } from "node:test";
import type { MeetingSpec } from "../../../src/providers/provider.ts";
import {
  agendaWithMarker,
  createBody,
  hasMarker,
  meetingPatch,
} from "../../../src/providers/zoom/zoom-meeting-body.ts";

const base: MeetingSpec = {
  topic: "Weekly",
  agenda: "Notes",
  startTime: new Date("2031-03-01T10:00:00.123Z"),
  durationMinutes: 30,
  timeZone: "America/New_York",
  host: "me",
  alternativeHosts: ["b@x.example", "a@x.example"],
  marker: "evt_1",
};

test("the create body is what Zoom's API takes: scheduled type, second-precision UTC start, sorted alternative hosts", () => {
  const body = createBody(base);
  assert.equal(body.type, 2);
  assert.equal(body.start_time, "2031-03-01T10:00:00Z");
  assert.equal(body.settings.alternative_hosts, "a@x.example;b@x.example");
  assert.ok(hasMarker(body.agenda, "evt_1"));
  assert.ok(!hasMarker(body.agenda, "evt_10"), "one event's marker is not another's prefix");
});

test("a long agenda is shortened so the marker always fits within Zoom's 2000 characters", () => {
  const agenda = agendaWithMarker("x".repeat(5000), "evt_long");
  assert.ok(agenda.length <= 2000);
  assert.ok(hasMarker(agenda, "evt_long"));
});

test("reordering alternative hosts or changing what Zoom does not show sends nothing", () => {
  assert.deepEqual(
    meetingPatch({ ...base, alternativeHosts: ["a@x.example", "b@x.example"], host: "me" }, base),
    {},
  );
  assert.deepEqual(
    meetingPatch({ ...base, startTime: new Date("2031-03-01T10:00:00.999Z") }, base),
    {},
  );
});

test("a moved start sends the start with its time zone, and nothing else", () => {
  const patch = meetingPatch({ ...base, startTime: new Date("2031-03-02T10:00:00Z") }, base);
  assert.deepEqual(patch, { start_time: "2031-03-02T10:00:00Z", timezone: "America/New_York" });
});

test("changed alternative hosts go in settings, alone", () => {
  assert.deepEqual(meetingPatch({ ...base, alternativeHosts: ["c@x.example"] }, base), {
    settings: { alternative_hosts: "c@x.example" },
  });
});
