import assert from "node:assert/strict";
import { test } from "node:test";
import { APP_ID, at, startGraphFixture, startReceiver, TENANT, USERS } from "./graph-fixture.ts";

const graph = await startGraphFixture();
const receiver = await startReceiver();

const inMinutes = (minutes: number) => new Date(graph.clock.now() + minutes * 60_000).toISOString();

async function subscribe(path: string, extra: Record<string, unknown> = {}) {
  return graph.call("/v1.0/subscriptions", {
    token: "app",
    body: {
      changeType: "created,updated,deleted",
      notificationUrl: `${receiver.url}${path}`,
      lifecycleNotificationUrl: `${receiver.url}${path}/lifecycle`,
      resource: `/users/${USERS.alice.id}/events`,
      expirationDateTime: inMinutes(4000),
      clientState: "confab-secret",
      ...extra,
    },
  });
}

const createEvent = async (subject = "Sync") =>
  (
    await graph.call(`/v1.0/users/${USERS.alice.id}/events`, {
      token: "app",
      body: { subject, start: at("2031-05-06T10:00:00"), end: at("2031-05-06T11:00:00") },
    })
  ).body;

test("a subscription is created after its endpoints echo the validation token, and can be read, renewed and deleted", async () => {
  const created = await subscribe("/one");
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.changeType, "created,updated,deleted");
  assert.equal(created.body.clientState, "confab-secret");
  assert.equal(created.body.applicationId, APP_ID);
  const id = created.body.id;
  assert.equal((await graph.call(`/v1.0/subscriptions/${id}`, { token: "app" })).body.id, id);
  const renewed = await graph.call(`/v1.0/subscriptions/${id}`, {
    token: "app",
    method: "PATCH",
    body: { expirationDateTime: inMinutes(10_000) },
  });
  assert.equal(renewed.status, 200);
  assert.equal(renewed.body.expirationDateTime, inMinutes(10_000).replace(".000Z", "Z"));
  const listed = await graph.call("/v1.0/subscriptions", { token: "app" });
  assert.ok(listed.body.value.some((item: { id: string }) => item.id === id));
  assert.equal(
    (await graph.call(`/v1.0/subscriptions/${id}`, { token: "app", method: "DELETE" })).status,
    204,
  );
  assert.equal((await graph.call(`/v1.0/subscriptions/${id}`, { token: "app" })).status, 404);
});

test("a subscription is refused when the endpoint fails the handshake or the expiry is beyond the maximum", async () => {
  receiver.settings.handshake = "fail";
  const failed = await subscribe("/failing");
  assert.equal(failed.status, 400);
  assert.equal(failed.body.error.code, "ValidationError");
  assert.match(failed.body.error.message, /must respond with 200 OK to validation request/);
  receiver.settings.handshake = "wrong";
  const wrong = await subscribe("/wrong");
  assert.equal(wrong.status, 400);
  assert.match(wrong.body.error.message, /must exactly match validationToken/);
  receiver.settings.handshake = "echo";
  const tooLong = await subscribe("/long", { expirationDateTime: inMinutes(10_081) });
  assert.equal(tooLong.status, 400);
  assert.equal(tooLong.body.error.code, "ExtensionError");
  assert.equal(
    tooLong.body.error.message,
    "Subscription expiration can only be 10080 minutes in the future.",
  );
  const notMine = await graph.call("/v1.0/subscriptions", {
    token: "alice",
    body: {
      changeType: "created",
      notificationUrl: `${receiver.url}/x`,
      resource: `/users/${USERS.carol.id}/events`,
      expirationDateTime: inMinutes(60),
    },
  });
  assert.equal(notMine.status, 403);
});

test("creating, updating and deleting events notifies with the clientState, and Outlook's own changes too", async () => {
  const subscription = (await subscribe("/changes")).body;
  const event = await createEvent();
  const [created] = await receiver.waitFor("/changes", 1);
  const item = created?.body.value[0];
  assert.equal(item.subscriptionId, subscription.id);
  assert.equal(item.changeType, "created");
  assert.equal(item.clientState, "confab-secret");
  assert.equal(item.tenantId, TENANT);
  assert.equal(item.resource, `Users/${USERS.alice.id}/Events/${event.id}`);
  assert.equal(item.resourceData.id, event.id);
  assert.equal(item.resourceData["@odata.type"], "#Microsoft.Graph.Event");
  assert.equal(item.subscriptionExpirationDateTime, subscription.expirationDateTime);

  await graph.call(`/v1.0/users/${USERS.alice.id}/events/${event.id}`, {
    token: "app",
    method: "PATCH",
    body: { subject: "Moved" },
  });
  const afterUpdate = await receiver.waitFor("/changes", 2);
  assert.equal(afterUpdate[1]?.body.value[0].changeType, "updated");

  const moved = await graph.control(`/_sandbox/outlook/events/${event.id}/move`, {
    start: at("2031-05-08T10:00:00"),
    end: at("2031-05-08T11:00:00"),
  });
  assert.equal(moved.event.start.dateTime, "2031-05-08T10:00:00.0000000");
  assert.equal(moved.notifications[0].status, 202);
  const afterMove = await receiver.waitFor("/changes", 3);
  assert.equal(afterMove[2]?.body.value[0].changeType, "updated");

  const deleted = await graph.control(`/_sandbox/outlook/events/${event.id}`, undefined, "DELETE");
  assert.equal(deleted.notifications.length, 1);
  const afterDelete = await receiver.waitFor("/changes", 4);
  assert.equal(afterDelete[3]?.body.value[0].changeType, "deleted");
  const listed = await graph.control(
    `/_sandbox/graph/events?mailbox=${USERS.alice.userPrincipalName}`,
  );
  assert.ok(!listed.some((entry: { event: { id: string } }) => entry.event.id === event.id));
  await graph.call(`/v1.0/subscriptions/${subscription.id}`, { token: "app", method: "DELETE" });
});

test("a notification the receiver refuses is retried on the sandbox clock's schedule", async () => {
  const subscription = (await subscribe("/retry", { changeType: "created" })).body;
  receiver.settings.status = 500;
  await createEvent("Retried");
  await receiver.waitFor("/retry", 1);
  graph.clock.advance(30);
  assert.deepEqual(await graph.state.runDue(), []);
  receiver.settings.status = 202;
  graph.clock.advance(31);
  const retried = await graph.state.runDue();
  assert.equal(retried.length, 1);
  assert.equal(retried[0]?.attempt, 2);
  assert.equal(retried[0]?.status, 202);
  const arrived = await receiver.waitFor("/retry", 2);
  assert.equal(arrived[1]?.body.value[0].subscriptionId, subscription.id);
  graph.clock.advance(3600);
  assert.deepEqual(await graph.state.runDue(), []);
  await graph.call(`/v1.0/subscriptions/${subscription.id}`, { token: "app", method: "DELETE" });
});

test("an expired subscription sends nothing and is gone", async () => {
  const subscription = (await subscribe("/expiring", { expirationDateTime: inMinutes(60) })).body;
  graph.clock.advance(61 * 60);
  await createEvent("After expiry");
  const marker = (await subscribe("/marker", { changeType: "created" })).body;
  await createEvent("Marker");
  await receiver.waitFor("/marker", 1);
  assert.equal(receiver.received.filter((item) => item.path === "/expiring").length, 0);
  assert.equal(
    (await graph.call(`/v1.0/subscriptions/${subscription.id}`, { token: "app" })).status,
    404,
  );
  await graph.call(`/v1.0/subscriptions/${marker.id}`, { token: "app", method: "DELETE" });
});

test("lifecycle notifications go to the lifecycle URL; subscriptionRemoved ends the subscription", async () => {
  const subscription = (await subscribe("/life")).body;
  for (const lifecycleEvent of ["reauthorizationRequired", "missed", "subscriptionRemoved"]) {
    const sent = await graph.control(`/_sandbox/graph/subscriptions/${subscription.id}/lifecycle`, {
      lifecycleEvent,
    });
    assert.equal(sent.notification.status, 202);
  }
  const arrived = await receiver.waitFor("/life/lifecycle", 3);
  assert.deepEqual(
    arrived.map((item) => item.body.value[0].lifecycleEvent),
    ["reauthorizationRequired", "missed", "subscriptionRemoved"],
  );
  assert.equal(arrived[0]?.body.value[0].clientState, "confab-secret");
  assert.equal(
    (await graph.call(`/v1.0/subscriptions/${subscription.id}`, { token: "app" })).status,
    404,
  );
});
