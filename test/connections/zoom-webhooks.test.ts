import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { sql } from "kysely";
import { withAccessToken } from "../../src/connections/with-access-token.ts";
import { startWorker } from "../../src/jobs/start-worker.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { cleanup } from "../support/cleanup.ts";
import { meetingTomorrow } from "../support/meeting-spec.ts";
import { startConnectorWorld } from "../support/zoom-connector.ts";
import { userApp, webhookSecret } from "../support/zoom-world.ts";

const { world, confab, db, vault, provider, connected } = await startConnectorWorld();
const webhookUrl = `${confab.url}/webhooks/zoom`;

// What the conferencing core is handed: a worker runs the queued jobs with a recording task.
const handed: { meetingId: string; change: string }[] = [];
const worker = await startWorker({
  db,
  pool: confab.database.pool,
  taskList: {
    "conferencing:meeting_changed_at_provider": async (payload) =>
      void handed.push(payload as { meetingId: string; change: string }),
  },
  concurrency: 1,
  logger: createLogger("silent"),
});
cleanup(() => worker.stop());

/** Waits until every queued job has run, then says what the core was handed for a meeting. */
async function handedFor(meetingId: string) {
  for (let i = 0; i < 100 && (await queued("conferencing:meeting_changed_at_provider")) > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return handed.filter((h) => h.meetingId === meetingId);
}

function signed(body: string, options: { secret?: string; timestamp?: number; id?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", options.secret ?? webhookSecret)
    .update(`v0:${timestamp}:${body}`)
    .digest("hex");
  return {
    "content-type": "application/json",
    "x-zm-signature": `v0=${signature}`,
    "x-zm-request-timestamp": timestamp,
    "x-zm-request-id": options.id ?? crypto.randomUUID(),
  };
}

async function deliver(body: string, headers: Record<string, string>) {
  const reply = await fetch(webhookUrl, { method: "POST", body, headers });
  return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
}

async function queued(task: string) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from graphile_worker.jobs where task_identifier = ${task}`.execute(
    db,
  );
  return rows[0]?.n ?? 0;
}

test("registering confab's webhook URL at Zoom passes Zoom's URL validation challenge", async () => {
  const app = await world.control<{ webhook_url_validated: boolean }>(
    "PATCH",
    `/apps/${userApp.clientId}`,
    {
      webhook_url: webhookUrl,
      webhook_secret: webhookSecret,
    },
  );
  assert.equal(app.webhook_url_validated, true);
});

test("uninstalling the app on Zoom's side breaks that user's profile and deletes its tokens at once", async () => {
  const id = await connected("personal", world.users.member, "usr_member");
  const { webhook } = await world.control<{ webhook: { status: number } }>("POST", "/deauthorize", {
    client_id: userApp.clientId,
    user_email: world.users.member,
  });
  assert.equal(webhook.status, 200);
  const row = await db
    .selectFrom("provider_connections")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  assert.equal(row.status, "broken");
  assert.match(row.status_reason ?? "", /access was removed from Zoom's side/);
  assert.equal(row.access_token, null);
  assert.equal(row.refresh_token, null);
});

test("a meeting deleted in Zoom's own UI is handed to the conferencing core as a job", async () => {
  const id = await connected("personal", world.users.owner, "usr_owner");
  const made = await withAccessToken({ db, vault, provider }, id, (access) =>
    provider.createMeeting(access, meetingTomorrow("Deleted in Zoom", "evt_deleted_in_zoom")),
  );
  await world.control("DELETE", `/meetings/${made.id}`);
  assert.deepEqual(await handedFor(made.id), [
    { provider: "zoom", meetingId: made.id, change: "deleted", changed: {} },
  ]);
});

test("a delivery with a wrong signature is refused and changes nothing", async () => {
  const body = JSON.stringify({ event: "meeting.deleted", payload: { object: { id: 1 } } });
  const reply = await deliver(body, signed(body, { secret: "not-the-secret" }));
  assert.equal(reply.status, 401);
  assert.match(String(reply.body.message), /signature does not match/);
  assert.deepEqual(await handedFor("1"), []);
});

test("a delivery signed more than five minutes ago is refused", async () => {
  const body = JSON.stringify({ event: "meeting.deleted", payload: { object: { id: 2 } } });
  const reply = await deliver(
    body,
    signed(body, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
  );
  assert.equal(reply.status, 401);
  assert.match(String(reply.body.message), /five-minute window/);
});

test("a body changed after signing is refused: the check runs over the exact bytes", async () => {
  const body = JSON.stringify({ event: "meeting.deleted", payload: { object: { id: 3 } } });
  const headers = signed(body);
  const reply = await deliver(body.replace('"id":3', '"id": 3'), headers);
  assert.equal(reply.status, 401);
});

test("the same delivery replayed is acknowledged but acted on once", async () => {
  const body = JSON.stringify({ event: "meeting.deleted", payload: { object: { id: 4 } } });
  const headers = signed(body, { id: "replayed-delivery" });
  assert.deepEqual((await deliver(body, headers)).body, { status: "applied" });
  assert.deepEqual((await deliver(body, headers)).body, { status: "duplicate" });
  assert.equal((await handedFor("4")).length, 1);
});

test("an unsigned delivery is refused with a message saying so", async () => {
  const reply = await fetch(webhookUrl, {
    method: "POST",
    body: "{}",
    headers: { "content-type": "application/json" },
  });
  assert.equal(reply.status, 401);
  assert.match(((await reply.json()) as { message: string }).message, /not signed/);
});

test("a provider confab does not know is a 404 that names it", async () => {
  const reply = await fetch(`${confab.url}/webhooks/teams`, {
    method: "POST",
    body: "{}",
    headers: { "content-type": "application/json" },
  });
  assert.equal(reply.status, 404);
  assert.match(((await reply.json()) as { message: string }).message, /no provider called "teams"/);
});
