import type { Kysely } from "kysely";
import type { Schema } from "../src/db/schema.ts";
import { createApplication } from "../src/orgs/applications.ts";
import { createOrganization } from "../src/orgs/create-organization.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../src/orgs/load-org-access.ts";
import type { startSandboxedConfab } from "./sandboxed-confab.ts";

type World = Awaited<ReturnType<typeof startSandboxedConfab>>;

export interface BenchCalendar {
  calendarId: string;
  token: string;
  sub: string;
}

/** An organization with one registered application, as an operator sets one up. */
export async function registerBenchApplication(world: World, slug = "bench") {
  const { db } = world;
  await createOrganization(db, { name: `Bench ${slug}`, slug, actor: commandLineActor });
  const access = await loadOrgAccessForCommandLine(db, slug);
  const made = await createApplication(db, world.vault, access, {
    name: `Bench scheduler ${slug}`,
    redirectUris: ["http://127.0.0.1:9/connected"],
    actor: commandLineActor,
  });
  return { clientId: made.application.clientId, clientSecret: made.clientSecret };
}

/**
 * An application calendar made through confab's API at `base`, with a Zoom host of its own
 * connected as its default conferencing profile.
 */
export async function benchCalendar(
  world: World,
  base: string,
  application: { clientId: string; clientSecret: string },
  name: string,
  hostEmail?: string,
): Promise<BenchCalendar> {
  const reply = await fetch(`${base}/v1/application_calendars`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_id: application.clientId,
      client_secret: application.clientSecret,
      application_calendar_id: name,
    }),
  });
  const calendar = (await reply.json()) as { access_token: string; sub: string };
  await world.connectHost(calendar.sub, hostEmail);
  const calendars = (await (
    await fetch(`${base}/v1/calendars`, {
      headers: { authorization: `Bearer ${calendar.access_token}` },
    })
  ).json()) as { calendars: { calendar_id: string }[] };
  return {
    calendarId: calendars.calendars[0]?.calendar_id as string,
    token: calendar.access_token,
    sub: calendar.sub,
  };
}

const tomorrow = Date.now() + 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

/** One event upsert with conferencing; `shift` minutes later than the event's base time. */
export async function upsertBenchEvent(
  base: string,
  calendar: BenchCalendar,
  eventId: string,
  n: number,
  changes: { summary?: string; shiftMinutes?: number; subscriptions?: unknown[] } = {},
): Promise<number> {
  const start = tomorrow + n * 60_000 + (changes.shiftMinutes ?? 0) * 60_000;
  const reply = await fetch(`${base}/v1/calendars/${calendar.calendarId}/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${calendar.token}` },
    body: JSON.stringify({
      event_id: eventId,
      summary: changes.summary ?? `Bench ${n}`,
      start: iso(start),
      end: iso(start + 1_800_000),
      tzid: "Etc/UTC",
      conferencing: { profile_id: "default" },
      ...(changes.subscriptions ? { subscriptions: changes.subscriptions } : {}),
    }),
  });
  await reply.arrayBuffer();
  return reply.status;
}

/**
 * Upserts one event and waits for its join link: the time from the 202 to the link being
 * recorded, less the latency Zoom was given, i.e. what confab itself adds.
 */
export async function provisioningDelay(
  db: Kysely<Schema>,
  base: string,
  calendar: BenchCalendar,
  eventId: string,
  n: number,
  zoomLatencyMs: number,
): Promise<number> {
  const status = await upsertBenchEvent(base, calendar, eventId, n);
  const accepted = Date.now();
  if (status !== 202) throw new Error(`upsert answered ${status}`);
  for (;;) {
    const row = await db
      .selectFrom("meetings")
      .innerJoin("events", "events.id", "meetings.event_id")
      .select(["meetings.join_url", "meetings.updated_at"])
      .where("events.event_id", "=", eventId)
      .executeTakeFirst();
    if (row?.join_url) return row.updated_at.getTime() - accepted - zoomLatencyMs;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
