/**
 * JSON schemas of the organization API (programs and their meetings): they validate requests,
 * shape replies, and make its part of the OpenAPI document.
 */
import { durationChoices } from "../../program-meetings/meeting-draft.ts";
import { maximumInterval, maximumOccurrences } from "../../program-meetings/meeting-series.ts";
import { weekDayKeys } from "../../program-meetings/recurrence-input.ts";

export { errorReply, validationErrorReply } from "./schemas.ts";

export const organizationSecurity = [{ applicationMember: [] }];

const modeView = {
  type: "object",
  properties: {
    key: { type: "string", description: 'What to send as meeting_mode, e.g. "zoom".' },
    label: { type: "string" },
    kind: { type: "string", enum: ["builtin", "custom", "provider"] },
    hosting: {
      type: "object",
      description: "A provider's mode only: who hosts when this member books it.",
      properties: {
        you_host: {
          type: ["boolean", "null"],
          description:
            "Whether the member hosts it themselves (null: the provider could not be asked now).",
        },
        fallback_host_rule: {
          type: ["string", "null"],
          enum: ["licensed_invitee", "host_account", "refuse", null],
          description: "Who hosts when the member cannot: the program's rule.",
        },
        summary: { type: ["string", "null"] },
      },
    },
  },
};

export const programsReply = {
  type: "object",
  properties: {
    programs: {
      type: "array",
      items: {
        type: "object",
        properties: {
          program_id: { type: "string" },
          name: { type: "string" },
          role: {
            type: ["string", "null"],
            description:
              "The member's role in the program (null: an organization admin without one).",
          },
          meeting_modes: {
            type: "array",
            items: modeView,
            description:
              "The modes the member may pick now; a provider's only while it is installed and on, and only when someone can host it for this member.",
          },
          unavailable_meeting_modes: {
            type: "array",
            description:
              "Provider modes that are on in the program but that this member cannot book, each with the reason.",
            items: {
              type: "object",
              properties: {
                key: { type: "string" },
                label: { type: "string" },
                kind: { type: "string" },
                reason: { type: "string" },
              },
            },
          },
        },
      },
    },
  },
};

/** How a meeting repeats: the meeting form's Repeats and Ends, as one object. */
const recurrenceBody = {
  type: ["object", "null"],
  required: ["frequency"],
  additionalProperties: false,
  description: `The meeting repeats: one series, one video meeting with one join link, at most ${maximumOccurrences} meetings (the most one Zoom recurring meeting holds), each at \`time\` in tzid. The first meeting is the first day of the series on or after \`date\`. Give \`count\` or \`until\`. Left out on a change: the meeting repeats as it did; null: it does not repeat.`,
  properties: {
    frequency: { type: "string", enum: ["daily", "weekly", "monthly"] },
    interval: {
      type: "integer",
      description: `Every this many days (1 to ${maximumInterval.daily}), weeks (1 to ${maximumInterval.weekly}) or months (1 to ${maximumInterval.monthly}); 1 when left out.`,
    },
    week_days: {
      type: "array",
      maxItems: 7,
      items: { type: "string", enum: weekDayKeys },
      description:
        'Weekly only, and needed then: the days it meets, e.g. ["tuesday", "thursday"]. Weeks begin on Sunday.',
    },
    month_day: {
      type: "integer",
      description:
        "Monthly only: the day of the month it meets, 1 to 31 (a month without that day has no meeting); the day of `date` when left out.",
    },
    count: {
      type: "integer",
      description: `How many times it meets, 1 to ${maximumOccurrences}.`,
    },
    until: {
      type: "string",
      maxLength: 10,
      description: `The last day it may meet, YYYY-MM-DD in tzid, on or after \`date\`; at most ${maximumOccurrences} meetings up to it.`,
    },
  },
};

export const meetingBody = {
  type: "object",
  required: ["title", "date", "time", "tzid", "duration_minutes", "invitees", "meeting_mode"],
  additionalProperties: false,
  properties: {
    title: { type: "string", maxLength: 200 },
    description: { type: "string", maxLength: 2000 },
    date: { type: "string", maxLength: 10, description: "The day in tzid, YYYY-MM-DD." },
    time: { type: "string", maxLength: 5, description: "The start in tzid, HH:MM (24-hour)." },
    tzid: { type: "string", maxLength: 64, description: "An IANA time zone, e.g. Europe/Paris." },
    duration_minutes: { type: "integer", enum: durationChoices },
    invitees: {
      type: "array",
      maxItems: 50,
      items: { type: "string", maxLength: 320 },
      description: "Emails of people with a role in the program.",
    },
    guests: {
      type: "array",
      maxItems: 20,
      items: {
        type: "object",
        required: ["email"],
        additionalProperties: false,
        properties: {
          email: { type: "string", maxLength: 320 },
          name: { type: "string", maxLength: 100 },
        },
      },
      description:
        "People outside the program, where the program allows guests: mailed the invitation with the join link, always participants, never given an account. Left out on a change: the meeting keeps its guests.",
    },
    recurrence: recurrenceBody,
    meeting_mode: {
      type: "string",
      maxLength: 100,
      description: "A key from the program's meeting_modes.",
    },
    dry_run: {
      type: "boolean",
      description: "Check everything and say who would host, without saving.",
    },
  },
};

export const meetingReply = {
  type: "object",
  properties: {
    meeting_id: { type: "string" },
    program_id: { type: "string" },
    title: { type: "string" },
    description: { type: "string" },
    start: { type: "string", description: "UTC, ISO 8601." },
    end: { type: "string" },
    tzid: { type: "string" },
    meeting_mode: {
      type: "object",
      properties: { key: { type: "string" }, label: { type: "string" } },
    },
    cancelled: { type: "boolean" },
    can_change: { type: "boolean", description: "Whether the member made it (and so hosts it)." },
    guests: {
      type: "array",
      description: "People outside the program, by address: participants without an account.",
      items: {
        type: "object",
        properties: { email: { type: "string" }, name: { type: "string" } },
      },
    },
    people: {
      type: "array",
      items: {
        type: "object",
        properties: {
          email: { type: "string" },
          name: { type: "string" },
          role: { type: "string", enum: ["host", "alternative_host", "participant", "invitee"] },
        },
      },
    },
    recurrence: {
      type: ["object", "null"],
      description:
        "How the meeting repeats, as it was asked for (null: it does not); start and end are its first meeting's.",
      properties: {
        frequency: { type: "string", enum: ["daily", "weekly", "monthly"] },
        interval: { type: "integer" },
        week_days: { type: "array", items: { type: "string" } },
        month_day: { type: "integer" },
        count: { type: "integer" },
        until: { type: "string" },
      },
    },
    occurrences: {
      type: "array",
      description:
        "A series' meetings, soonest first, each at its time now (empty when the meeting does not repeat). One moved or cancelled on its own says so.",
      items: {
        type: "object",
        properties: {
          start: { type: "string", description: "UTC, ISO 8601." },
          end: { type: "string" },
          status: { type: "string", enum: ["scheduled", "moved", "cancelled"] },
        },
      },
    },
    host_account: {
      type: "string",
      description:
        "When the organization's host account hosts at the provider (nobody in people is the host): its email.",
    },
    conferencing: {
      type: "object",
      properties: {
        state: { type: "string", enum: ["none", "pending", "assigned", "failing", "removed"] },
        join_url: { type: "string" },
        provider_name: { type: "string" },
        meeting_id: { type: "string" },
        password: { type: "string" },
        reason: { type: "string" },
      },
    },
  },
};
