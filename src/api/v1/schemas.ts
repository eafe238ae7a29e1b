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
    provider_name: text('Always "confab" for application calendars.'),
    profile_id: text("The calendar's profile id."),
    profile_name: text("The application_calendar_id."),
  },
};

export const tokenReply = {
  type: "object",
  properties: {
    token_type: text('"bearer"'),
    access_token: text(
      "Send as Authorization: Bearer <access_token>; valid for expires_in seconds.",
    ),
    expires_in: { type: "integer" },
    refresh_token: text("Exchanges for a new access token at POST /oauth/token. Not rotated."),
    scope: text("What the token may do."),
    sub: text("The account the calendar belongs to (acc_…)."),
    application_calendar_id: text("The application's own id for the calendar."),
    linking_profile: linkingProfile,
  },
};

export const conferencingProfile = {
  type: "object",
  properties: {
    provider_name: text('e.g. "zoom"'),
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
  description: "A UTC time (2030-05-01T09:00:00Z), or {time, tzid}.",
  anyOf: [
    { type: "string" },
    {
      type: "object",
      properties: { time: { type: "string" }, tzid: { type: "string" } },
      required: ["time"],
    },
  ],
};

export const upsertEventBody = {
  type: "object",
  // summary, start and end are required too: checked with the rest, so a 422 lists them all.
  required: ["event_id"],
  properties: {
    event_id: text("The application's id for the event; upserts match on it.", {
      minLength: 1,
      maxLength: 250,
    }),
    summary: text("The title; the meeting's topic.", { maxLength: 1024 }),
    description: text("The meeting's agenda.", { maxLength: 8192 }),
    start: time,
    end: time,
    tzid: text("The event's IANA time zone (default Etc/UTC)."),
    location: {
      type: "object",
      properties: { description: { type: "string", maxLength: 1024 } },
    },
    attendees: {
      type: "object",
      properties: {
        invite: {
          type: "array",
          maxItems: 200,
          items: {
            type: "object",
            required: ["email"],
            additionalProperties: false,
            properties: {
              email: { type: "string", maxLength: 320 },
              display_name: { type: "string", maxLength: 200 },
            },
          },
        },
        reject: {
          type: "array",
          maxItems: 200,
          items: {
            type: "object",
            required: ["email"],
            additionalProperties: false,
            properties: { email: { type: "string", maxLength: 320 } },
          },
        },
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
    "{pending: true} while the meeting is being made; {provider_name, join_url, meeting_id, password} once assigned; explicit: {provider_description, join_url}; failing adds failing: true, failing_reason and, for a disconnected profile, profile_relink_url; {removed: true, removed_reason} when the meeting was deleted at the provider.",
  properties: {
    pending: { type: "boolean" },
    provider_name: { type: "string" },
    provider_description: { type: "string" },
    join_url: { type: "string" },
    meeting_id: { type: "string" },
    password: { type: "string" },
    failing: { type: "boolean" },
    failing_reason: { type: "string" },
    profile_relink_url: { type: "string" },
    removed: { type: "boolean" },
    removed_reason: { type: "string" },
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
    start: { type: "string" },
    end: { type: "string" },
    tzid: { type: "string" },
    deleted: { type: "boolean" },
    created: { type: "string" },
    updated: { type: "string" },
    location: { type: "object", properties: { description: { type: "string" } } },
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
