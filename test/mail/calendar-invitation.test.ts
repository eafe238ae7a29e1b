import assert from "node:assert/strict";
import { test } from "node:test";
import ICAL from "ical.js";
import {
  type CalendarInvitationInput,
  calendarInvitation,
  icsFileName,
} from "../../src/mail/calendar-invitation.ts";

/**
 * The invitations are read back with ical.js, an implementation other than the one that wrote
 * them, as a calendar client would: times through the VTIMEZONE the invitation carries.
 */

const invitation = (over: Partial<CalendarInvitationInput> = {}): CalendarInvitationInput => ({
  method: "REQUEST",
  uid: "evt_abc@confab.example",
  sequence: 0,
  summary: "Career chat",
  description: "Bring your questions.",
  start: new Date("2026-07-14T13:30:00Z"),
  end: new Date("2026-07-14T14:15:00Z"),
  timeZone: "America/New_York",
  organizer: { name: "Acme Mentoring", email: "mentoring@acme.example" },
  attendees: [
    { name: "Ada Lovelace", email: "ada@example.com", role: "host" },
    { name: "Grace Hopper", email: "grace@example.com", role: "participant" },
  ],
  joinUrl: "https://zoom.us/j/81234567890?pwd=abcDEF123",
  stamp: new Date("2026-07-01T10:00:00Z"),
  ...over,
});

/** The parsed calendar and its one event, with the calendar's own VTIMEZONEs in use. */
function read(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevents = calendar.getAllSubcomponents("vevent");
  assert.equal(vevents.length, 1);
  const vevent = vevents[0] as ICAL.Component;
  const vtimezones = calendar.getAllSubcomponents("vtimezone");
  const tzids = vtimezones.map((vtimezone) => String(vtimezone.getFirstPropertyValue("tzid")));
  for (const vtimezone of vtimezones) ICAL.TimezoneService.register(vtimezone);
  try {
    const event = new ICAL.Event(vevent);
    return {
      calendar,
      vevent,
      event,
      tzids,
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      startTzid: vevent.getFirstProperty("dtstart")?.getParameter("tzid"),
      endTzid: vevent.getFirstProperty("dtend")?.getParameter("tzid"),
    };
  } finally {
    for (const tzid of tzids) ICAL.TimezoneService.remove(tzid);
  }
}

const text = (component: ICAL.Component, property: string) =>
  component.getFirstPropertyValue(property);

test("a first invitation is a REQUEST with the meeting's UID and sequence 0", () => {
  const { calendar, vevent, event } = read(calendarInvitation(invitation()));
  assert.equal(text(calendar, "method"), "REQUEST");
  assert.equal(text(calendar, "version"), "2.0");
  assert.equal(text(calendar, "prodid"), "-//confab//confab//EN");
  assert.equal(event.uid, "evt_abc@confab.example");
  assert.equal(event.sequence, 0);
  assert.equal(text(vevent, "status"), "CONFIRMED");
  assert.equal(
    (text(vevent, "dtstamp") as ICAL.Time).toJSDate().toISOString(),
    "2026-07-01T10:00:00.000Z",
  );
});

test("an update carries the sequence it is given", () => {
  const { event } = read(calendarInvitation(invitation({ sequence: 3 })));
  assert.equal(event.sequence, 3);
});

test("a cancel keeps the meeting's UID and says it is cancelled", () => {
  const { calendar, vevent, event } = read(
    calendarInvitation(invitation({ method: "CANCEL", sequence: 2 })),
  );
  assert.equal(text(calendar, "method"), "CANCEL");
  assert.equal(event.uid, "evt_abc@confab.example");
  assert.equal(event.sequence, 2);
  assert.equal(text(vevent, "status"), "CANCELLED");
});

test("a summary with commas, semicolons and line breaks reads back as it was written", () => {
  const summary = 'Mentoring, week 1; "kick-off"\nbring notes\\ideas';
  const { event } = read(calendarInvitation(invitation({ summary })));
  assert.equal(event.summary, summary);
});

test("the organizer and every invitee are named, with their mail addresses", () => {
  const { vevent } = read(
    calendarInvitation(
      invitation({
        organizer: { name: "Acme, Mentoring Program", email: "mentoring@acme.example" },
      }),
    ),
  );
  const organizer = vevent.getFirstProperty("organizer");
  assert.equal(organizer?.getParameter("cn"), "Acme, Mentoring Program");
  assert.equal(String(organizer?.getFirstValue()).toLowerCase(), "mailto:mentoring@acme.example");
  const attendees = vevent.getAllProperties("attendee").map((attendee) => ({
    cn: attendee.getParameter("cn"),
    address: String(attendee.getFirstValue()).toLowerCase(),
    role: attendee.getParameter("role"),
    partstat: attendee.getParameter("partstat"),
    rsvp: attendee.getParameter("rsvp"),
  }));
  assert.deepEqual(attendees, [
    {
      cn: "Ada Lovelace",
      address: "mailto:ada@example.com",
      role: "REQ-PARTICIPANT",
      partstat: "NEEDS-ACTION",
      rsvp: "TRUE",
    },
    {
      cn: "Grace Hopper",
      address: "mailto:grace@example.com",
      role: "REQ-PARTICIPANT",
      partstat: "NEEDS-ACTION",
      rsvp: "TRUE",
    },
  ]);
});

test("a cancel asks no invitee to reply", () => {
  const { vevent } = read(calendarInvitation(invitation({ method: "CANCEL", sequence: 1 })));
  const attendees = vevent.getAllProperties("attendee");
  assert.equal(attendees.length, 2);
  for (const attendee of attendees) assert.equal(attendee.getParameter("rsvp"), undefined);
});

test("a person listed twice is invited once", () => {
  const { vevent } = read(
    calendarInvitation(
      invitation({
        attendees: [
          { name: "Ada Lovelace", email: "ada@example.com", role: "host" },
          { name: "Ada", email: "ADA@example.com", role: "participant" },
        ],
      }),
    ),
  );
  assert.equal(vevent.getAllProperties("attendee").length, 1);
});

test("a double quote or a line break in a name does not break the attendee line", () => {
  const { vevent } = read(
    calendarInvitation(
      invitation({
        attendees: [{ name: 'Ada "the Countess"\nLovelace', email: "ada@example.com" }],
      }),
    ),
  );
  const [attendee] = vevent.getAllProperties("attendee");
  assert.equal(attendee?.getParameter("cn"), "Ada 'the Countess' Lovelace");
  assert.equal(String(attendee?.getFirstValue()).toLowerCase(), "mailto:ada@example.com");
});

for (const { zone, start, end } of [
  { zone: "America/New_York", start: "2026-07-14T13:30:00Z", end: "2026-07-14T14:15:00Z" },
  { zone: "America/New_York", start: "2027-01-12T14:30:00Z", end: "2027-01-12T15:15:00Z" },
  { zone: "Africa/Lagos", start: "2026-11-03T08:00:00Z", end: "2026-11-03T09:00:00Z" },
  { zone: "Europe/London", start: "2026-10-26T09:00:00Z", end: "2026-10-26T09:30:00Z" },
  { zone: "Asia/Kolkata", start: "2026-03-02T04:15:00Z", end: "2026-03-02T05:00:00Z" },
]) {
  test(`a meeting in ${zone} at ${start} is written in its zone and lands on the same instants`, () => {
    const read_ = read(
      calendarInvitation(
        invitation({ timeZone: zone, start: new Date(start), end: new Date(end) }),
      ),
    );
    assert.equal(read_.startTzid, zone);
    assert.equal(read_.endTzid, zone);
    assert.deepEqual(read_.tzids, [zone]);
    assert.equal(read_.start.toISOString(), new Date(start).toISOString());
    assert.equal(read_.end.toISOString(), new Date(end).toISOString());
  });
}

test("start and end are the wall-clock times of the meeting's zone", () => {
  const output = calendarInvitation(
    invitation({
      timeZone: "America/New_York",
      start: new Date("2027-01-12T14:30:00Z"),
      end: new Date("2027-01-12T15:15:00Z"),
    }),
  );
  assert.match(output, /^DTSTART;TZID=America\/New_York:20270112T093000\r$/m);
  assert.match(output, /^DTEND;TZID=America\/New_York:20270112T101500\r$/m);
});

test("the times do not depend on the time zone the server runs in", () => {
  const before = process.env.TZ;
  const inTokyo = (() => {
    process.env.TZ = "Asia/Tokyo";
    try {
      return calendarInvitation(invitation());
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  })();
  assert.match(inTokyo, /^DTSTART;TZID=America\/New_York:20260714T093000\r$/m);
  assert.equal(inTokyo, calendarInvitation(invitation()));
});

for (const { hour, start, end } of [
  // 01:30 EDT to 01:10 EST on 1 November 2026: the end reads earlier on the clock than the start.
  { hour: "first", start: "2026-11-01T05:30:00Z", end: "2026-11-01T06:10:00Z" },
  // 01:30 EST, the second time the clock shows 01:30 that night.
  { hour: "second", start: "2026-11-01T06:30:00Z", end: "2026-11-01T07:00:00Z" },
]) {
  test(`a meeting in the ${hour} pass of the hour repeated in autumn is written in UTC`, () => {
    const output = calendarInvitation(invitation({ start: new Date(start), end: new Date(end) }));
    const read_ = read(output);
    assert.equal(read_.startTzid, undefined);
    assert.deepEqual(read_.tzids, []);
    assert.equal(read_.start.toISOString(), new Date(start).toISOString());
    assert.equal(read_.end.toISOString(), new Date(end).toISOString());
  });
}

test("a meeting just before or after the autumn change keeps its zone", () => {
  for (const start of ["2026-11-01T04:00:00Z", "2026-11-01T07:00:00Z"]) {
    const at = new Date(start);
    const end = new Date(at.getTime() + 1_800_000);
    const read_ = read(calendarInvitation(invitation({ start: at, end })));
    assert.equal(read_.startTzid, "America/New_York", start);
    assert.equal(read_.start.toISOString(), at.toISOString());
    assert.equal(read_.end.toISOString(), end.toISOString());
  }
});

test("a meeting just after the spring change is written in its zone", () => {
  // 03:00 EDT on 8 March 2026, the first minute after the clock skips 02:00 to 03:00.
  const start = new Date("2026-03-08T07:00:00Z");
  const end = new Date("2026-03-08T07:30:00Z");
  const output = calendarInvitation(invitation({ start, end }));
  assert.match(output, /^DTSTART;TZID=America\/New_York:20260308T030000\r$/m);
  assert.equal(read(output).start.toISOString(), start.toISOString());
});

test("a zone named by an alias gets a VTIMEZONE under that same name", () => {
  const start = new Date("2026-07-14T13:30:00Z");
  const read_ = read(calendarInvitation(invitation({ timeZone: "US/Eastern", start })));
  assert.equal(read_.startTzid, "US/Eastern");
  assert.deepEqual(read_.tzids, ["US/Eastern"]);
  assert.equal(read_.start.toISOString(), start.toISOString());
});

for (const zone of ["UTC", "Etc/UTC"]) {
  test(`a meeting in ${zone} is written in UTC times without a VTIMEZONE`, () => {
    const output = calendarInvitation(invitation({ timeZone: zone }));
    const read_ = read(output);
    assert.deepEqual(read_.tzids, []);
    assert.equal(read_.startTzid, undefined);
    assert.match(output, /^DTSTART:20260714T133000Z\r$/m);
    assert.equal(read_.start.toISOString(), "2026-07-14T13:30:00.000Z");
    assert.equal(read_.end.toISOString(), "2026-07-14T14:15:00.000Z");
  });
}

for (const zone of ["Mars/Olympus_Mons", "ET"]) {
  test(`a zone unknown to the VTIMEZONE library or to Intl (${zone}) is written in UTC times`, () => {
    const read_ = read(calendarInvitation(invitation({ timeZone: zone })));
    assert.deepEqual(read_.tzids, []);
    assert.equal(read_.startTzid, undefined);
    assert.equal(read_.start.toISOString(), "2026-07-14T13:30:00.000Z");
  });
}

test("the join link is the location and the URL, and ends the description", () => {
  const joinUrl = "https://zoom.us/j/81234567890?pwd=abcDEF123";
  const { vevent, event } = read(calendarInvitation(invitation({ joinUrl, location: "Room 4" })));
  assert.equal(event.location, joinUrl);
  assert.equal(text(vevent, "url"), joinUrl);
  assert.equal(event.description, `Bring your questions.\n\nJoin: ${joinUrl}`);
});

test("without a description the join line is the whole description", () => {
  const { event } = read(calendarInvitation(invitation({ description: "" })));
  assert.equal(event.description, "Join: https://zoom.us/j/81234567890?pwd=abcDEF123");
});

test("a meeting without a join link has its place as location, and no URL", () => {
  const { vevent, event } = read(
    calendarInvitation(invitation({ joinUrl: undefined, location: "Room 4, 2nd floor; east" })),
  );
  assert.equal(event.location, "Room 4, 2nd floor; east");
  assert.equal(vevent.getFirstProperty("url"), null);
  assert.equal(event.description, "Bring your questions.");
});

test("a meeting with neither join link, place nor description has none of them", () => {
  const { vevent } = read(
    calendarInvitation(invitation({ joinUrl: undefined, location: undefined, description: "" })),
  );
  for (const property of ["location", "url", "description"]) {
    assert.equal(vevent.getFirstProperty(property), null, property);
  }
});

test("a long description is folded into lines of at most 75 octets and reads back whole", () => {
  const description = `${"Ünïcödé mentoring, with notes; ".repeat(7).slice(0, 199)}€`;
  assert.equal(description.length, 200);
  const output = calendarInvitation(
    invitation({
      summary: `${"A rather long meeting title, with punctuation; ".repeat(3)}end`,
      description,
      attendees: [{ name: "Ada Augusta King, Countess of Lovelace", email: "ada@example.com" }],
    }),
  );
  const lines = output.split("\r\n");
  assert.ok(lines.length > 1);
  for (const line of lines) {
    assert.ok(Buffer.byteLength(line, "utf8") <= 75, `${Buffer.byteLength(line)} octets: ${line}`);
  }
  assert.ok(
    lines.some((line) => line.startsWith(" ")),
    "some line is folded",
  );
  const { event } = read(output);
  assert.equal(
    event.description,
    `${description}\n\nJoin: https://zoom.us/j/81234567890?pwd=abcDEF123`,
  );
});

test("every line ends with CRLF, the last one too", () => {
  const output = calendarInvitation(invitation());
  assert.ok(output.startsWith("BEGIN:VCALENDAR\r\n"));
  assert.ok(output.endsWith("END:VCALENDAR\r\n"));
  assert.doesNotMatch(output.replaceAll("\r\n", ""), /[\r\n]/);
});

test("the same input gives the same text", () => {
  assert.equal(calendarInvitation(invitation()), calendarInvitation(invitation()));
});

test("the attachment is named after the meeting, in ASCII and at most 60 characters", () => {
  assert.equal(icsFileName("Career chat"), "career-chat.ics");
  assert.equal(icsFileName("Café — Señor's chat, part 1!"), "cafe-senor-s-chat-part-1.ics");
  assert.equal(icsFileName("会议"), "invitation.ics");
  assert.equal(icsFileName(""), "invitation.ics");
  const long = icsFileName("Quarterly mentoring review ".repeat(5));
  assert.ok(long.length <= 60, long);
  assert.match(long, /^[a-z0-9]+(-[a-z0-9]+)*\.ics$/);
});
