import type { Migration } from "kysely/migration";
import * as foundation from "./0001-foundation.ts";
import * as peopleAndPlaces from "./0002-people-and-places.ts";
import * as providerConnections from "./0003-provider-connections.ts";
import * as conferencing from "./0004-conferencing.ts";
import * as organizationZoom from "./0005-organization-zoom.ts";
import * as programMeetings from "./0006-program-meetings.ts";
import * as provisioningSnapshots from "./0007-provisioning-snapshots.ts";
import * as mail from "./0008-mail.ts";
import * as meetingInvitations from "./0009-meeting-invitations.ts";
import * as calendarFeedsAndEmailChange from "./0010-calendar-feeds-and-email-change.ts";
import * as mailDeliveryStates from "./0011-mail-delivery-states.ts";
import * as pushDelivery from "./0012-push-delivery.ts";
import * as singleUseLinks from "./0013-single-use-links.ts";
import * as apiQuotas from "./0014-api-quotas.ts";
import * as cronofyEventFields from "./0015-cronofy-event-fields.ts";
import * as previousAccessTokens from "./0016-previous-access-tokens.ts";
import * as channels from "./0017-channels.ts";
import * as sharedProviderGrants from "./0018-shared-provider-grants.ts";
import * as fallbackHosts from "./0019-fallback-hosts.ts";
import * as meetingPolicies from "./0020-meeting-policies.ts";
import * as formSubmissions from "./0022-form-submissions.ts";
import * as programArchive from "./0023-program-archive.ts";
import * as meetingSeries from "./0024-meeting-series.ts";
import * as providerSideChanges from "./0025-provider-side-changes.ts";
import * as meetingGuests from "./0026-meeting-guests.ts";
import * as organizationSuspension from "./0027-organization-suspension.ts";
import * as occurrenceChanges from "./0028-occurrence-changes.ts";
import * as ownProfileHosting from "./0029-own-profile-hosting.ts";
import * as occurrenceChangesAtProvider from "./0030-occurrence-changes-at-provider.ts";
import * as providerWatches from "./0031-provider-watches.ts";
import * as providerMeetingVersions from "./0032-provider-meeting-versions.ts";
import * as oauthStateCarried from "./0033-oauth-state-carried.ts";

/**
 * Every migration, in order. Names are permanent once released: a migration is never edited
 * after it has run anywhere, only followed by another.
 */
export const migrations: Record<string, Migration> = {
  "0001-foundation": foundation,
  "0002-people-and-places": peopleAndPlaces,
  "0003-provider-connections": providerConnections,
  "0004-conferencing": conferencing,
  "0005-organization-zoom": organizationZoom,
  "0006-program-meetings": programMeetings,
  "0007-provisioning-snapshots": provisioningSnapshots,
  "0008-mail": mail,
  "0009-meeting-invitations": meetingInvitations,
  "0010-calendar-feeds-and-email-change": calendarFeedsAndEmailChange,
  "0011-mail-delivery-states": mailDeliveryStates,
  "0012-push-delivery": pushDelivery,
  "0013-single-use-links": singleUseLinks,
  "0014-api-quotas": apiQuotas,
  "0016-previous-access-tokens": previousAccessTokens,
  "0015-cronofy-event-fields": cronofyEventFields,
  "0017-channels": channels,
  "0018-shared-provider-grants": sharedProviderGrants,
  "0019-fallback-hosts": fallbackHosts,
  "0020-meeting-policies": meetingPolicies,
  "0022-form-submissions": formSubmissions,
  "0023-program-archive": programArchive,
  "0024-meeting-series": meetingSeries,
  "0025-provider-side-changes": providerSideChanges,
  "0026-meeting-guests": meetingGuests,
  "0027-organization-suspension": organizationSuspension,
  "0028-occurrence-changes": occurrenceChanges,
  "0029-own-profile-hosting": ownProfileHosting,
  "0030-occurrence-changes-at-provider": occurrenceChangesAtProvider,
  "0031-provider-watches": providerWatches,
  "0032-provider-meeting-versions": providerMeetingVersions,
  "0033-oauth-state-carried": oauthStateCarried,
};
