import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";

export interface ApplicationUsage {
  applicationId: string;
  name: string;
  organization: string;
  calendars: number;
  liveGrants: number;
  events: number;
  requestsLastMinute: number;
  requestsLastHour: number;
  notificationsWaiting: number;
  endpointsPaused: number;
}

/** Every application on the instance with what it holds and how much it asks, busiest first. */
export async function listApplicationUsage(db: Kysely<Schema>): Promise<ApplicationUsage[]> {
  const { rows } = await sql<{
    id: string;
    name: string;
    organization: string;
    calendars: number;
    live_grants: number;
    events: number;
    last_minute: number;
    last_hour: number;
    waiting: number;
    paused: number;
  }>`
    select a.id, a.name, o.name as organization,
      (select count(*) from application_calendars c where c.application_id = a.id)::int as calendars,
      (select count(*) from api_grants g where g.application_id = a.id and g.expires_at > now())::int as live_grants,
      (select count(*) from events e join application_calendars c on c.id = e.calendar_id
        where c.application_id = a.id and e.deleted_at is null)::int as events,
      coalesce((select sum(w.count) from api_request_windows w
        where w.scope = 'application' and w.subject_id = a.id and w.window_kind = 'minute'
          and w.window_start >= date_trunc('minute', now()) - interval '1 minute'), 0)::int as last_minute,
      coalesce((select sum(w.count) from api_request_windows w
        where w.scope = 'application' and w.subject_id = a.id and w.window_kind = 'minute'
          and w.window_start > now() - interval '1 hour'), 0)::int as last_hour,
      (select count(*) from notifications n where n.application_id = a.id and n.delivered_at is null
        and n.failed_at is null and n.superseded_at is null)::int as waiting,
      (select count(*) from callback_endpoints p where p.application_id = a.id
        and p.paused_until > now())::int as paused
    from applications a join organizations o on o.id = a.organization_id
    order by last_hour desc, o.name, a.name
  `.execute(db);
  return rows.map((r) => ({
    applicationId: r.id,
    name: r.name,
    organization: r.organization,
    calendars: r.calendars,
    liveGrants: r.live_grants,
    events: r.events,
    requestsLastMinute: r.last_minute,
    requestsLastHour: r.last_hour,
    notificationsWaiting: r.waiting,
    endpointsPaused: r.paused,
  }));
}
