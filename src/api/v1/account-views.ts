import type { Kysely } from "kysely";
import { type CalendarCaller, grantScope } from "../../calendars/api-tokens.ts";
import { loadApplicationCalendar } from "../../calendars/application-calendars.ts";
import {
  type ConferencingProfile,
  listConferencingProfiles,
} from "../../conferencing/conferencing-profiles.ts";
import { relinkUrl } from "../../conferencing/sealed-link.ts";
import type { Schema } from "../../db/schema.ts";
import type { Vault } from "../../vault/vault.ts";

type ApplicationCalendar = Awaited<ReturnType<typeof loadApplicationCalendar>>;

/**
 * An application calendar is an account of Cronofy's own kind, and Cronofy names its profile
 * "cronofy"; applications that branch on provider_name expect that.
 */
export const calendarView = (row: ApplicationCalendar) => ({
  provider_name: "cronofy",
  profile_id: row.profileId,
  profile_name: row.applicationCalendarId,
  calendar_id: row.id,
  calendar_name: row.applicationCalendarId,
  calendar_readonly: false,
  calendar_deleted: false,
  calendar_primary: true,
  calendar_integrated_conferencing_available: false,
  permission_level: "sandbox",
});

/** The calendar profile of an application calendar, as userinfo and /v1/profiles list it. */
export const calendarProfileView = (row: ApplicationCalendar) => ({
  provider_name: "cronofy",
  profile_id: row.profileId,
  profile_name: row.applicationCalendarId,
  profile_connected: true,
});

export function conferencingProfileView(
  deps: { vault: Vault; publicUrl: string },
  ownerRef: string,
) {
  return (profile: ConferencingProfile) => ({
    provider_name: profile.providerName,
    profile_id: profile.id,
    profile_name: profile.profileName,
    profile_connected: profile.status === "connected",
    ...(profile.status === "broken"
      ? { profile_relink_url: relinkUrl(deps.vault, deps.publicUrl, profile.id, ownerRef) }
      : {}),
  });
}

/** GET /v1/userinfo as Cronofy documents it, and what `include_userinfo` adds to a read. */
export async function userinfoView(
  deps: { db: Kysely<Schema>; vault: Vault; publicUrl: string },
  caller: CalendarCaller,
) {
  const own = await loadApplicationCalendar(deps.db, caller.calendarId);
  const profiles = await listConferencingProfiles(deps.db, caller.sub);
  return {
    sub: caller.sub,
    "cronofy.type": "account",
    "cronofy.data": {
      // A revoked or ended grant never gets this far: the token's authorization is live.
      authorization: { scope: grantScope, status: "active" },
      profiles: [{ ...calendarProfileView(own), profile_calendars: [calendarView(own)] }],
      conferencing_profiles: profiles.map(conferencingProfileView(deps, caller.sub)),
    },
  };
}
