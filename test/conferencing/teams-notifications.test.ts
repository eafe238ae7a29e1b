import assert from "node:assert/strict";
import { test } from "node:test";
import { renewDueWatches } from "../../src/conferencing/renew-watches.ts";
import { disconnect } from "../../src/connections/disconnect.ts";
import { createProviders } from "../../src/providers/registry.ts";
import {
  eventually,
  startConferencingWorld,
  startReceiver,
} from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { teamsUserApp } from "../support/microsoft-world.ts";

/**
 * Microsoft Teams meetings changed in Outlook reach confab: connecting a person's Teams subscribes
 * to their calendar (Graph change notifications, validated at confab's webhook); an event deleted
 * there leaves its confab event without its meeting, and the application is told, as for Zoom; one
 * moved there is noted as a change at the provider; confab's own moves are not; a notification
 * confab cannot trust is refused; subscriptions are renewed, made again, and ended with the
 * connection; and consent removed at Microsoft breaks the connection at its next refresh.
 */
const world = await startConferencingWorld({}, { microsoft: true });
const { confab, db, vault, api, calendarFor, linkTeams } = world;
const microsoft = world.microsoft as NonNullable<typeof world.microsoft>;
const receiver = await startReceiver();
const webhookUrl = `${confab.url}/webhooks/ms_teams`;
const jobsOfChanges = [
  "conferencing:watched_meeting_changed",
  "conferencing:meeting_changed_at_provider",
  "conferencing:resync_watched",
  "conferencing:watch_connection",
];

// One instant for the events below, as in the other Teams tests.
const now = Date.now();
const inAWeek = (minutes = 0) => new Date(now + 7 * 24 * 3600_000 + minutes * 60_000);
const utc = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

let hosts = 0;
/** A new licensed member of Acme, connected as a Teams profile of a calendar of its own. */
async function connectedHost() {
  hosts += 1;
  const calendar = await calendarFor(`teams-watched-${hosts}`);
  const host = await microsoft.addWorkUser(`watched-${hosts}@acme.example`);
  const profileId = await linkTeams(calendar.sub, host);
  const watch = await watchOf(profileId);
  return { calendar, host, profileId, watch };
}

const watchOf = (connectionId: string) =>
  eventually(
    () =>
      db
        .selectFrom("provider_watches")
        .selectAll()
        .where("connection_id", "=", connectionId)
        .executeTakeFirst(),
    15_000,
    `a subscription for ${connectionId}`,
  );

const subscription = async (id: string) =>
  (await microsoft.subscriptions()).find((stored) => stored.id === id);

function upsert(
  calendar: { calendarId: string; token: string },
  profileId: string,
  eventId: string,
  minutes = 0,
) {
  return api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: {
      event_id: eventId,
      summary: "Mentoring session",
      description: "Goals for the quarter",
      start: utc(inAWeek(minutes)),
      end: utc(inAWeek(minutes + 45)),
      tzid: "Europe/London",
      conferencing: { profile_id: profileId },
      subscriptions: [
        {
          type: "webhook",
          uri: receiver.url,
          interactions: [{ type: "conferencing_assigned" }, { type: "conferencing_failing" }],
        },
      ],
    },
  });
}

async function conferencingOf(calendar: { token: string }, eventId: string) {
  const reply = await api("GET", "/v1/events?tzid=Etc/UTC&include_managed=true", {
    token: calendar.token,
  });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  const event = (reply.body.events as Record<string, unknown>[]).find(
    (e) => e.event_id === eventId,
  );
  return event?.conferencing as Record<string, unknown> | undefined;
}

/** An event with its Teams meeting made: the Outlook event's id in the host's calendar. */
async function scheduled(
  host: { calendar: { calendarId: string; token: string }; host: string; profileId: string },
  eventId: string,
) {
  assert.equal((await upsert(host.calendar, host.profileId, eventId)).status, 202);
  await eventually(
    async () => (await conferencingOf(host.calendar, eventId))?.join_url,
    15_000,
    `a join link on ${eventId}`,
  );
  const [held] = await microsoft.control<{ event: { id: string } }[]>(
    "GET",
    `/graph/events?mailbox=${encodeURIComponent(host.host)}`,
  );
  assert.ok(held, "the host's calendar holds the event");
  return held.event.id;
}

const changeAtProviderOf = async (outlookEventId: string) =>
  (
    await db
      .selectFrom("meetings")
      .select("changed_at_provider")
      .where("provider", "=", "ms_teams")
      .where("provider_meeting_id", "=", outlookEventId)
      .executeTakeFirstOrThrow()
  ).changed_at_provider as Record<string, unknown> | null;

const postToWebhook = (body: unknown) =>
  fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const sandboxNow = async () =>
  new Date((await microsoft.control<{ now: string }>("GET", "/clock")).now);

test("connecting Microsoft Teams makes one subscription to the host's calendar, which Microsoft validated at confab's webhook", async () => {
  const { profileId, watch } = await connectedHost();
  const made = await subscription(watch.watch_id);
  assert.ok(made, "Microsoft holds the subscription confab stored");
  assert.equal(made.resource, "me/events");
  assert.equal(made.changeType, "updated,deleted");
  assert.equal(made.notificationUrl, webhookUrl);
  assert.equal(made.lifecycleNotificationUrl, webhookUrl);
  assert.equal(new Date(made.expirationDateTime).getTime(), watch.expires_at.getTime());
  const minutesLeft = (watch.expires_at.getTime() - (await sandboxNow()).getTime()) / 60_000;
  assert.ok(minutesLeft <= 10_080 && minutesLeft > 9_000, `expires in ${minutesLeft} minutes`);
  assert.ok(
    made.clientState && made.clientState.length <= 128,
    "a clientState within Graph's limit",
  );
  assert.ok(
    !made.clientState.includes(profileId),
    "the clientState does not spell the profile out",
  );
  assert.equal(
    (await microsoft.subscriptions()).filter((s) => s.creatorId === made.creatorId).length,
    1,
    "one subscription for the connection",
  );

  const answer = await fetch(
    `${webhookUrl}?validationToken=${encodeURIComponent("Validation: a b&c")}`,
    {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "",
    },
  );
  assert.equal(answer.status, 200);
  assert.match(answer.headers.get("content-type") ?? "", /^text\/plain/);
  assert.equal(await answer.text(), "Validation: a b&c", "the token is echoed as Graph asks");
});

test("an event deleted in Outlook leaves its confab event without its meeting, and the application is told, as for Zoom", async () => {
  const host = await connectedHost();
  const outlookId = await scheduled(host, "deleted-in-outlook");
  const { notifications } = await microsoft.control<{ notifications: { status: number }[] }>(
    "DELETE",
    `/outlook/events/${encodeURIComponent(outlookId)}`,
  );
  assert.deepEqual(
    notifications.map((n) => n.status),
    [202],
    "confab accepts the notification at once",
  );
  const conferencing = await eventually(async () => {
    const c = await conferencingOf(host.calendar, "deleted-in-outlook");
    return c?.removed_at_provider ? c : undefined;
  });
  assert.equal(conferencing.failing, true);
  assert.equal(conferencing.join_url, undefined, "no join link is shown for a deleted meeting");
  assert.match(String(conferencing.failing_reason), /deleted in Microsoft Teams/);
  const told = await eventually(async () =>
    receiver.received
      .map((r) => JSON.parse(r.body))
      .find(
        (n) =>
          n.event?.event_id === "deleted-in-outlook" &&
          n.notification?.type === "conferencing_failing",
      ),
  );
  assert.equal(told.event.conferencing.removed_at_provider, true);
});

test("an event moved in Outlook is read back once and noted as a change made at the provider", async () => {
  const host = await connectedHost();
  const outlookId = await scheduled(host, "moved-in-outlook");
  await microsoft.control("DELETE", "/calls");
  const start = inAWeek(180);
  const end = inAWeek(180 + 30);
  await microsoft.control("POST", `/outlook/events/${encodeURIComponent(outlookId)}/move`, {
    start: { dateTime: start.toISOString().slice(0, 19), timeZone: "UTC" },
    end: { dateTime: end.toISOString().slice(0, 19), timeZone: "UTC" },
  });
  const noted = await eventually(() => changeAtProviderOf(outlookId), 15_000, "the noted change");
  assert.equal(noted.startTime, new Date(utc(start)).toISOString());
  assert.equal(noted.durationMinutes, 30);
  assert.equal(noted.topic, undefined, "the subject was not changed in Outlook");
  const reads = (await microsoft.calls()).filter(
    (call) => call.method === "GET" && call.path === `/v1.0/me/events/${outlookId}`,
  );
  assert.equal(reads.length, 1, "one read of the event, nothing else of the calendar");
});

test("confab's own move comes back as a notification that is neither read back nor noted as a change made in Outlook", async () => {
  const host = await connectedHost();
  const outlookId = await scheduled(host, "moved-by-confab");
  await microsoft.control("DELETE", "/graph/notifications");
  await microsoft.control("DELETE", "/calls");
  assert.equal((await upsert(host.calendar, host.profileId, "moved-by-confab", 60)).status, 202);
  const delivered = await eventually(
    async () =>
      (await microsoft.notifications()).find(
        (n) => n.subscriptionId === host.watch.watch_id && n.status === 202,
      ),
    15_000,
    "Graph's notification of confab's own update",
  );
  await untilNoJobsLeft(db, { tasks: jobsOfChanges }, "the notification's jobs");
  // The notification names the version confab's own PATCH left (its reply's changeKey).
  const etag = (delivered.body.value[0]?.resourceData as { "@odata.etag"?: string })?.[
    "@odata.etag"
  ];
  const written = await db
    .selectFrom("provider_meeting_versions")
    .select("version")
    .where("meeting_id", "=", outlookId)
    .executeTakeFirstOrThrow();
  assert.equal(etag, `W/"${written.version}"`);
  assert.deepEqual(
    (await microsoft.calls()).filter((call) => call.method === "GET").map((call) => call.path),
    [],
    "nothing was read back",
  );
  assert.equal(await changeAtProviderOf(outlookId), null);
});

test("a notification with a clientState confab did not give is refused, even beside a good one, and changes nothing", async () => {
  const host = await connectedHost();
  const outlookId = await scheduled(host, "forged-deletion");
  const made = await subscription(host.watch.watch_id);
  const item = (clientState: string) => ({
    subscriptionId: host.watch.watch_id,
    changeType: "deleted",
    resource: `Users/x/Events/${outlookId}`,
    resourceData: { "@odata.type": "#Microsoft.Graph.Event", id: outlookId },
    clientState,
    tenantId: microsoft.tenantId,
  });
  for (const body of [
    { value: [item("forged-state")] },
    { value: [item(made?.clientState ?? ""), item(`${made?.clientState?.slice(0, -2)}xx`)] },
    { value: [{ ...item("x"), clientState: undefined }] },
  ]) {
    const answer = await postToWebhook(body);
    const text = await answer.text();
    assert.equal(answer.status, 401, text);
    assert.match(text, /clientState/);
    assert.ok(!made?.clientState || !text.includes(made.clientState), "no token in the refusal");
  }
  await untilNoJobsLeft(db, { tasks: jobsOfChanges }, "anything the refusals might have started");
  const conferencing = await conferencingOf(host.calendar, "forged-deletion");
  assert.ok(conferencing?.join_url, "the meeting is still the event's");
  assert.equal(conferencing?.removed_at_provider, undefined);

  const unknown = await postToWebhook({
    value: [{ ...item(made?.clientState ?? ""), resourceData: { id: "not-confabs" } }],
  });
  assert.equal(unknown.status, 202, "an event confab did not make is acknowledged and ignored");
});

test("removing the profile deletes its subscription at Microsoft", async () => {
  const host = await connectedHost();
  const teams = createProviders(confab.config, db).get("ms_teams");
  assert.ok(teams);
  await disconnect({ db, vault, provider: teams }, host.profileId);
  assert.equal(await subscription(host.watch.watch_id), undefined);
  const kept = await db
    .selectFrom("provider_watches")
    .select("watch_id")
    .where("connection_id", "=", host.profileId)
    .executeTakeFirst();
  assert.equal(kept, undefined);
});

test("subscriptionRemoved makes a new subscription, reauthorizationRequired renews the one held, and missed reads the host's events back", async () => {
  const host = await connectedHost();
  const outlookId = await scheduled(host, "lifecycle");
  const lifecycle = (id: string, lifecycleEvent: string) =>
    microsoft.control("POST", `/graph/subscriptions/${id}/lifecycle`, { lifecycleEvent });

  await lifecycle(host.watch.watch_id, "subscriptionRemoved");
  const remade = await eventually(async () => {
    const row = await watchOf(host.profileId);
    return row.watch_id !== host.watch.watch_id ? row : undefined;
  });
  assert.ok(await subscription(remade.watch_id), "Microsoft holds the new subscription");
  assert.equal(await subscription(host.watch.watch_id), undefined);
  await untilNoJobsLeft(db, { tasks: jobsOfChanges }, "the resync after the subscription was lost");

  await microsoft.control("DELETE", "/calls");
  await lifecycle(remade.watch_id, "reauthorizationRequired");
  await eventually(
    async () =>
      (await microsoft.calls()).find(
        (call) => call.method === "PATCH" && call.path === `/v1.0/subscriptions/${remade.watch_id}`,
      )?.status === 200,
    15_000,
    "the renewal",
  );
  assert.equal((await watchOf(host.profileId)).watch_id, remade.watch_id, "the same subscription");

  await untilNoJobsLeft(db, { tasks: jobsOfChanges }, "the renewal's job");
  await microsoft.control("DELETE", "/calls");
  await lifecycle(remade.watch_id, "missed");
  await eventually(
    async () =>
      (await microsoft.calls()).find(
        (call) => call.method === "GET" && call.path === `/v1.0/me/events/${outlookId}`,
      ),
    15_000,
    "the event read back",
  );
  await untilNoJobsLeft(db, { tasks: jobsOfChanges }, "the resync");
  assert.equal(await changeAtProviderOf(outlookId), null, "nothing had changed");
});

test("the hourly renewal renews a subscription before it lapses, by Microsoft's clock stepped on", async () => {
  const host = await connectedHost();
  const before = await subscription(host.watch.watch_id);
  assert.ok(before);
  await microsoft.control("POST", "/clock", { advance_seconds: 6 * 24 * 3600 });
  const at = await sandboxNow();
  assert.ok((await renewDueWatches(db, at)) >= 1);
  const renewed = await eventually(async () => {
    const row = await watchOf(host.profileId);
    return row.expires_at.getTime() > host.watch.expires_at.getTime() + 5 * 24 * 3600_000
      ? row
      : undefined;
  });
  assert.equal(renewed.watch_id, host.watch.watch_id, "renewed, not made again");
  const after = await subscription(host.watch.watch_id);
  assert.equal(new Date(after?.expirationDateTime ?? 0).getTime(), renewed.expires_at.getTime());
  await untilNoJobsLeft(db, { tasks: jobsOfChanges }, "every renewal");
  assert.equal(await renewDueWatches(db, at), 0, "nothing is due right after");
});

test("consent removed under My Apps breaks the connection at its next refresh", async () => {
  const host = await connectedHost();
  const removed = await microsoft.control<{ revoked_refresh_tokens: number }>(
    "DELETE",
    `/users/${await microsoft.userId(host.host)}/consents/${teamsUserApp.clientId}`,
  );
  assert.ok(removed.revoked_refresh_tokens >= 1);
  // Microsoft's access tokens live an hour: past it, confab must refresh, and is refused.
  await microsoft.control("POST", "/clock", { advance_seconds: 2 * 3600 });
  assert.equal((await upsert(host.calendar, host.profileId, "after-consent-removed")).status, 202);
  const broken = await eventually(
    () =>
      db
        .selectFrom("provider_connections")
        .select(["status", "status_reason", "access_token"])
        .where("id", "=", host.profileId)
        .where("status", "=", "broken")
        .executeTakeFirst(),
    15_000,
    "the connection broken",
  );
  assert.match(broken.status_reason ?? "", /My Apps/);
  assert.equal(broken.access_token, null, "its tokens are deleted");
});
