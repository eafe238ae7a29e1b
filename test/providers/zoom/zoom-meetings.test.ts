import assert from "node:assert/strict";
import { test } from "node:test";
import { withAccessToken } from "../../../src/connections/with-access-token.ts";
import type { AccessContext, MeetingSpec } from "../../../src/providers/provider.ts";
import { ProviderError } from "../../../src/providers/provider-error.ts";
import { startConnectorWorld } from "../../support/zoom-connector.ts";

const { world, db, vault, provider, connected } = await startConnectorWorld();
const personal = await connected("personal", world.users.owner, "usr_owner");
const organization = await connected("organization", world.users.admin, "org_acme");

function spec(overrides: Partial<MeetingSpec> = {}): MeetingSpec {
  return {
    topic: "Mentoring session",
    agenda: "Talk about goals",
    startTime: new Date(Date.UTC(2031, 0, 15, 15, 0, 0)),
    durationMinutes: 45,
    timeZone: "Europe/Paris",
    host: world.users.owner,
    alternativeHosts: [],
    marker: "evt_123",
    ...overrides,
  };
}

function as<T>(connectionId: string, work: (access: AccessContext) => Promise<T>) {
  return withAccessToken({ db, vault, provider }, connectionId, work);
}

interface SandboxMeeting {
  id: number;
  topic: string;
  agenda: string;
  start_time: string;
  duration: number;
  timezone: string;
  host_email: string;
  settings: { alternative_hosts: string };
}

async function meetingsOf(email: string) {
  return world.control<SandboxMeeting[]>(
    "GET",
    `/meetings?host_email=${encodeURIComponent(email)}`,
  );
}

test("a meeting is created in Zoom with its marker, and its id comes back as digits in a string", async () => {
  const made = await as(personal, (access) =>
    provider.createMeeting(access, spec({ marker: "evt_create" })),
  );
  assert.match(made.id, /^\d{10,11}$/);
  assert.match(made.joinUrl, /^http/);
  const inZoom = (await meetingsOf(world.users.owner)).find((m) => String(m.id) === made.id);
  assert.equal(inZoom?.topic, "Mentoring session");
  assert.equal(inZoom?.duration, 45);
  assert.equal(inZoom?.timezone, "Europe/Paris");
  assert.match(
    inZoom?.agenda ?? "",
    /^Talk about goals\n\n\(scheduled by confab, ref evt_create\)$/,
  );
});

test("an update that changes nothing Zoom shows makes no call at all", async () => {
  const made = await as(personal, (access) =>
    provider.createMeeting(access, spec({ marker: "evt_same" })),
  );
  await world.control("DELETE", "/calls");
  const sent = await as(personal, (access) =>
    provider.updateMeeting(
      access,
      made.id,
      spec({ marker: "evt_same" }),
      spec({ marker: "evt_same" }),
    ),
  );
  assert.equal(sent, false);
  assert.deepEqual(await world.calls(), []);
});

test("a changed title sends one PATCH with only the title, and Zoom keeps the same meeting", async () => {
  const before = spec({ marker: "evt_retitle" });
  const made = await as(personal, (access) => provider.createMeeting(access, before));
  await world.control("DELETE", "/calls");
  const after = { ...before, topic: "Mentoring session (moved)" };
  assert.equal(
    await as(personal, (access) => provider.updateMeeting(access, made.id, after, before)),
    true,
  );
  const calls = await world.calls();
  assert.deepEqual(
    calls.map((c) => `${c.method} ${c.path} ${c.status}`),
    [`PATCH /v2/meetings/${made.id} 204`],
  );
  const inZoom = (await meetingsOf(world.users.owner)).find((m) => String(m.id) === made.id);
  assert.equal(inZoom?.topic, "Mentoring session (moved)");
});

test("a deleted meeting reports deleted, and deleting it again reports it already gone", async () => {
  const made = await as(personal, (access) =>
    provider.createMeeting(access, spec({ marker: "evt_delete" })),
  );
  assert.equal(await as(personal, (access) => provider.deleteMeeting(access, made.id)), "deleted");
  assert.equal(await as(personal, (access) => provider.deleteMeeting(access, made.id)), "gone");
});

test("a create whose answer is lost is found by its marker, so retrying makes no second meeting", async () => {
  await world.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    drop_after_success: true,
    times: 1,
  });
  const count = (await meetingsOf(world.users.owner)).length;
  await assert.rejects(
    as(personal, (access) => provider.createMeeting(access, spec({ marker: "evt_lost" }))),
    (error) => error instanceof ProviderError && error.kind === "ambiguous",
  );
  const found = await as(personal, (access) => provider.findMeeting(access, "me", "evt_lost"));
  assert.ok(found, "the meeting Zoom made is found");
  assert.equal(
    (await meetingsOf(world.users.owner)).length,
    count + 1,
    "exactly one meeting exists",
  );
  assert.equal(
    await as(personal, (access) => provider.findMeeting(access, "me", "evt_never")),
    undefined,
  );
});

test("an organization makes meetings for its hosts by email, with licensed colleagues as alternative hosts", async () => {
  const made = await as(organization, (access) =>
    provider.createMeeting(
      access,
      spec({ host: world.users.member, alternativeHosts: [world.users.other], marker: "evt_org" }),
    ),
  );
  const inZoom = (await meetingsOf(world.users.member)).find((m) => String(m.id) === made.id);
  assert.equal(inZoom?.host_email, world.users.member);
  assert.equal(inZoom?.settings.alternative_hosts, world.users.other);
});

test("an alternative host outside the host's Zoom account is refused with a reason a person can act on", async () => {
  await assert.rejects(
    as(organization, (access) =>
      provider.createMeeting(
        access,
        spec({
          host: world.users.member,
          alternativeHosts: [world.users.basic],
          marker: "evt_alt",
        }),
      ),
    ),
    (error) =>
      error instanceof ProviderError &&
      error.kind === "rejected" &&
      error.message.includes(world.users.basic),
  );
});

test("a host who is not in the organization's Zoom account is refused, naming the account", async () => {
  await assert.rejects(
    as(organization, (access) =>
      provider.createMeeting(
        access,
        spec({ host: "stranger@elsewhere.example", marker: "evt_stranger" }),
      ),
    ),
    (error) =>
      error instanceof ProviderError &&
      error.kind === "rejected" &&
      /not a user of the connected Zoom account/.test(error.message),
  );
});

test("the host's start link is fetched fresh from Zoom", async () => {
  const made = await as(personal, (access) =>
    provider.createMeeting(access, spec({ marker: "evt_start" })),
  );
  const url = await as(personal, (access) => provider.startUrl(access, made.id));
  assert.match(url, /^http/);
});
