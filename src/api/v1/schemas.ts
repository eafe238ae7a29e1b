/**
 * JSON schemas of the Cronofy-compatible API: they validate requests and shape replies, and the
 * OpenAPI document is generated from them.
 */

const text = (description: string, extra: Record<string, unknown> = {}) => ({
  type: "string",
  description,
  ...extra,
});

export const bearerSecurity = [{ bearer: [] }];

export const errorReply = {
  type: "object",
  description: "Why the request was refused.",
  properties: {
    error: { type: "string" },
    message: { type: "string" },
    request_id: { type: "string" },
  },
};

export const validationErrorReply = {
  type: "object",
  description: "Cronofy's validation error shape: problems by field.",
  properties: {
    errors: {
      type: "object",
      additionalProperties: {
        type: "array",
        items: {
          type: "object",
          properties: { key: { type: "string" }, description: { type: "string" } },
        },
      },
    },
    request_id: { type: "string" },
  },
};

export const clientCredentials = {
  client_id: text("The application's client id."),
  client_secret: text("The application's client secret."),
};

export const linkingProfile = {
  type: "object",
  properties: {
    provider_name: text('Always "cronofy" for application calendars, as Cronofy names them.'),
    profile_id: text("The calendar's profile id."),
    profile_name: text("The application_calendar_id."),
  },
};

export const tokenReply = {
  type: "object",
  properties: {
    token_type: text('"bearer"'),
    access_token: text(
      "32 URL-safe characters. Send as Authorization: Bearer <access_token>; valid for expires_in seconds, also after a refresh has issued a newer one.",
    ),
    expires_in: { type: "integer" },
    refresh_token: text(
      "32 URL-safe characters. Exchanges for a new access token at POST /oauth/token, as often as needed: not rotated, and the access tokens issued before keep working until they expire. Ends when revoked (by token or by the calendar's sub), when newer grants for the calendar replace it, or after 90 days unused.",
    ),
    scope: text("What the token may do."),
    sub: text("The account the calendar belongs to (acc_…)."),
    application_calendar_id: text("The application's own id for the calendar."),
    linking_profile: linkingProfile,
  },
};

export const conferencingProfile = {
  type: "object",
  properties: {
    provider_name: text('"zoom" (Zoom) or "ms_teams" (Microsoft Teams)'),
    profile_id: text("pro_…"),
    profile_name: text("The provider account's email."),
    profile_connected: { type: "boolean" },
    profile_relink_url: text(
      "Present when the profile is disconnected: where its owner reconnects it.",
    ),
  },
};

export const calendar = {
  type: "object",
  properties: {
    provider_name: { type: "string" },
    profile_id: { type: "string" },
    profile_name: { type: "string" },
    calendar_id: { type: "string" },
    calendar_name: { type: "string" },
    calendar_readonly: { type: "boolean" },
    calendar_deleted: { type: "boolean" },
    calendar_primary: { type: "boolean" },
    calendar_integrated_conferencing_available: { type: "boolean" },
    permission_level: { type: "string" },
  },
};

const time = {
  description:
    "A time with its offset (2030-05-01T09:00:00Z, 2030-05-01T11:00:00+0200), a wall-clock time read in tzid (2030-05-01T09:00:00), a date for an all-day event (2030-05-01), or {time, tzid}.",
  anyOf: [
    { type: "string" },
    {
      type: "object",
      properties: { time: { type: "string" }, tzid: { type: "string" } },
      required: ["time"],
    },
  ],
};

/** Attendees as an upsert names them, by email. */
const attendeeList = (description: string) => ({
  type: "array",
  maxItems: 200,
  description,
  items: {
    type: "object",
    required: ["email"],
    properties: {
      email: { type: "string", maxLength: 320 },
      display_name: { type: "string", maxLength: 200 },
    },
  },
});

/** A calendar profile: userinfo's profiles and GET /v1/profiles. */
export const calendarProfile = {
  type: "object",
  properties: {
    provider_name: { type: "string", description: '"cronofy" for an application calendar.' },
    profile_id: { type: "string" },
    profile_name: { type: "string" },
    profile_connected: { type: "boolean" },
  },
};

export const upsertEventBody = {
  type: "object",
  // event_id (or event_uid), summary, start and end are required too: checked with the rest,
  // so a 422 lists them all; fields outside Cronofy's upsert are refused by name there.
  properties: {
    event_id: text("The application's id for the event; upserts match on it.", {
      minLength: 1,
      maxLength: 250,
    }),
    event_uid: text(
      "Instead of event_id: confab's id of an event it holds (as read back), as Cronofy's updateExternalEvent sends it.",
      { minLength: 1, maxLength: 250 },
    ),
    calendar_id: text("Ignored: the calendar is the one in the path.", { maxLength: 100 }),
    summary: text("The title; the meeting's topic.", { maxLength: 1024 }),
    description: text("The meeting's agenda.", { maxLength: 8192 }),
    start: time,
    end: time,
    tzid: text("The event's IANA time zone (default Etc/UTC)."),
    location: {
      type: "object",
      properties: {
        description: { type: "string", maxLength: 1024 },
        lat: {
          anyOf: [{ type: "string", maxLength: 32 }, { type: "number" }],
          description: "Stored, not acted on.",
        },
        long: {
          anyOf: [{ type: "string", maxLength: 32 }, { type: "number" }],
          description: "Stored, not acted on.",
        },
      },
    },
    url: text("A link for the event. Stored, not acted on.", { maxLength: 2000 }),
    transparency: {
      type: "string",
      enum: ["opaque", "transparent"],
      description: "Busy or free (default opaque). Stored, not acted on.",
    },
    color: text('A hex colour ("#49BED8"). Stored, not acted on.', { maxLength: 7 }),
    reminders: {
      type: "array",
      maxItems: 5,
      description: "Stored, not acted on.",
      items: {
        type: "object",
        required: ["minutes"],
        properties: { minutes: { type: "integer", minimum: 0, maximum: 40320 } },
      },
    },
    reminders_create_only: {
      type: "boolean",
      description: "When true, reminders are kept from the event's first upsert.",
    },
    event_private: { type: "boolean", description: "Stored, not acted on." },
    recurrence: {
      description: "Refused (422): confab cannot honour recurring events through this API yet.",
    },
    include_userinfo: {
      type: "boolean",
      description: "Accepted; the 202 has no body to include userinfo in.",
    },
    attendees: {
      type: "object",
      properties: {
        invite: attendeeList("Invited: the meeting's invitees."),
        reject: attendeeList("Taken off the event."),
        remove: attendeeList("Taken off the event, as reject is."),
      },
    },
    conferencing: {
      type: "object",
      description:
        'profile_id "default", a conferencing profile id (pro_…), "explicit" (with join_url and provider_description) or "none". Absent: the event\'s conferencing is left as it is.',
      required: ["profile_id"],
      properties: {
        profile_id: { type: "string", maxLength: 100 },
        provider_description: { type: "string", maxLength: 200 },
        join_url: { type: "string", maxLength: 2000 },
      },
    },
    subscriptions: {
      type: "array",
      maxItems: 10,
      description: "Push notifications for this event; [] clears them, absent keeps them.",
      items: {
        type: "object",
        required: ["type", "uri"],
        properties: {
          type: { type: "string", description: '"webhook"' },
          uri: {
            type: "string",
            maxLength: 2000,
            description:
              "A public https URL on port 443 or 8443 (an operator may allow private targets); where an application's organization pinned origins, one of those.",
          },
          interactions: {
            type: "array",
            items: {
              type: "object",
              required: ["type"],
              properties: {
                type: {
                  type: "string",
                  description: "conferencing_assigned or conferencing_failing",
                },
              },
            },
          },
        },
      },
    },
  },
};

export const eventConferencing = {
  type: "object",
  additionalProperties: true,
  description:
    '{pending: true} while the meeting is being made; {provider_name, join_url, meeting_id, password} once assigned (the event\'s meeting_url is the same join_url); explicit: {provider_name: "explicit", provider_description, join_url}; provider_note, when present, says where the meeting falls short of the event (Zoom schedules at most 24 hours, so a longer event gets a meeting scheduled for its first 24 hours); failing adds failing: true, failing_reason and, for a disconnected profile, profile_relink_url; a meeting deleted at the provider reads {failing: true, failing_reason, removed_at_provider: true}; skipped_reason says why a conferencing request was not acted on (the event had started).',
  properties: {
    pending: { type: "boolean" },
    provider_name: { type: "string" },
    provider_description: { type: "string" },
    join_url: { type: "string" },
    meeting_id: { type: "string" },
    password: { type: "string" },
    provider_note: { type: "string" },
    failing: { type: "boolean" },
    failing_reason: { type: "string" },
    profile_relink_url: { type: "string" },
    removed_at_provider: { type: "boolean" },
    skipped: { type: "boolean" },
    skipped_reason: { type: "string" },
  },
};

export const eventView = {
  type: "object",
  additionalProperties: true,
  properties: {
    calendar_id: { type: "string" },
    event_uid: { type: "string" },
    event_id: { type: "string" },
    summary: { type: "string" },
    description: { type: "string" },
    start: { type: "string", description: "A UTC time, or a date for an all-day event." },
    end: { type: "string" },
    tzid: { type: "string" },
    deleted: { type: "boolean" },
    meeting_url: { type: "string", description: "The conference's join_url, once there is one." },
    created: { type: "string" },
    updated: { type: "string" },
    location: {
      type: "object",
      properties: {
        description: { type: "string" },
        lat: { type: "string" },
        long: { type: "string" },
      },
    },
    attendees: {
      type: "array",
      items: {
        type: "object",
        properties: {
          email: { type: "string" },
          display_name: { type: ["string", "null"] },
          status: { type: "string" },
        },
      },
    },
    organizer: { type: "object", properties: { email: { type: ["string", "null"] } } },
    status: { type: "string" },
    conferencing: eventConferencing,
  },
};
