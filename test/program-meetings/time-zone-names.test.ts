import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveTimeZone } from "../../src/conferencing/zoned-time.ts";
import { DomainError } from "../../src/domain-error.ts";
import { readMeetingDraft } from "../../src/program-meetings/meeting-draft.ts";

const fields = {
  title: "Check-in",
  description: "",
  date: "2031-05-01",
  time: "09:00",
  duration: "30",
  invitees: ["usr_mentor"],
  mode: "zoom",
};

test("a time zone typed as a city, or as its name in any case, is the zone the person means", () => {
  assert.equal(resolveTimeZone("paris"), "Europe/Paris");
  assert.equal(resolveTimeZone("  New York "), "America/New_York");
  assert.equal(resolveTimeZone("europe/lagos"), undefined, "no such zone");
  assert.equal(resolveTimeZone("africa/lagos"), "Africa/Lagos");
  assert.equal(resolveTimeZone("Atlantis"), undefined);
  assert.equal(resolveTimeZone(""), undefined);
});

test("a meeting typed for 9:00 in 'paris' is made for 9:00 in Europe/Paris", () => {
  const draft = readMeetingDraft(
    { ...fields, timeZone: "paris" },
    new Date("2030-01-01T00:00:00Z"),
  );
  assert.equal(draft.timeZone, "Europe/Paris");
  assert.equal(draft.startAt.toISOString(), "2031-05-01T07:00:00.000Z");
});

test("a zone nobody knows is refused with what was typed and an example", () => {
  assert.throws(
    () => readMeetingDraft({ ...fields, timeZone: "Atlantis" }, new Date("2030-01-01T00:00:00Z")),
    (error: unknown) =>
      error instanceof DomainError &&
      /"Atlantis" is not a time zone/.test(error.fields?.timeZone ?? ""),
  );
});
