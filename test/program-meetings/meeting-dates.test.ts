import assert from "node:assert/strict";
import { test } from "node:test";
import { DomainError } from "../../src/domain-error.ts";
import { readMeetingDraft } from "../../src/program-meetings/meeting-draft.ts";

const fields = {
  title: "Check-in",
  description: "",
  time: "09:00",
  duration: "30",
  timeZone: "Europe/Paris",
  invitees: ["usr_mentor"],
  mode: "zoom",
};
const now = new Date("2030-01-01T00:00:00Z");

test("a program meeting in the year 9999 is refused on its date, with the last year accepted", () => {
  assert.throws(
    () => readMeetingDraft({ ...fields, date: "9999-05-01" }, now),
    (error: unknown) =>
      error instanceof DomainError && error.fields?.date === "Enter a date in 2100 or before.",
  );
  const last = readMeetingDraft({ ...fields, date: "2100-12-31" }, now);
  assert.equal(last.startAt.toISOString(), "2100-12-31T08:00:00.000Z");
});
