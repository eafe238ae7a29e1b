import { type CallbackPolicy, callbackUrlProblem } from "../callbacks/callback-target.ts";
import { FieldProblems } from "../field-problems.ts";
import type { ChannelFilters } from "./channel-view.ts";

/** The create request's body once its types are checked (the route's schema does that). */
export interface CreateChannelBody {
  callback_url: string;
  filters?: { calendar_ids?: string[]; only_managed?: boolean; [filter: string]: unknown };
  [field: string]: unknown;
}

export interface ChannelInput {
  callbackUrl: string;
  filters: ChannelFilters;
}

const knownFields = ["callback_url", "filters"];
const knownFilters = ["calendar_ids", "only_managed"];

/**
 * The channel a request asks for. Its callback_url is held to the egress rule as far as its text
 * can tell (the address it resolves to is judged at each delivery); its calendar_ids must be the
 * caller's own. A field confab does not act on is refused by name rather than dropped, so an
 * application never believes it set something it did not (Cronofy's alpha
 * `scheduling_conversations`, say).
 */
export function readChannelInput(
  body: CreateChannelBody,
  ownCalendarIds: string[],
  policy: CallbackPolicy,
): ChannelInput {
  const problems = new FieldProblems();
  const add = problems.add.bind(problems);
  for (const field of Object.keys(body).filter((f) => !knownFields.includes(f))) {
    add(
      field,
      field === "scheduling_conversations" ? "not_supported" : "unknown",
      `${field} is not something confab's channels take; a channel is {callback_url, filters: {calendar_ids, only_managed}}.`,
    );
  }

  const callbackUrl = body.callback_url.trim();
  if (callbackUrl === "") add("callback_url", "required", "callback_url is required.");
  else {
    const refused = callbackUrlProblem(callbackUrl, policy);
    if (refused) {
      add(
        "callback_url",
        "invalid",
        `The callback_url ${refused}. Notifications go only to public https endpoints (port 443 or 8443) unless this instance's operator allows the target (CONFAB_CALLBACK_ALLOW).`,
      );
    }
  }

  const given = body.filters ?? {};
  const filters: ChannelFilters = {};
  const unknownFilters = Object.keys(given).filter((f) => !knownFilters.includes(f));
  if (unknownFilters.length > 0) {
    add(
      "filters",
      "unknown",
      `Unknown filter ${unknownFilters.join(", ")}: a channel's filters are calendar_ids and only_managed.`,
    );
  } else if (given.calendar_ids !== undefined) {
    const foreign = given.calendar_ids.filter((id) => !ownCalendarIds.includes(id));
    if (foreign.length > 0) {
      add(
        "filters",
        "invalid",
        `${foreign.join(", ")} ${foreign.length === 1 ? "is not a calendar" : "are not calendars"} of this account; its calendars are listed by GET /v1/calendars.`,
      );
    }
    // Sorted, so that the same channel asked for twice is recognised as the same.
    filters.calendar_ids = [...new Set(given.calendar_ids)].sort();
  }
  if (given.only_managed !== undefined) filters.only_managed = given.only_managed;

  problems.throwIfAny("The channel is not valid.");
  return { callbackUrl, filters };
}
