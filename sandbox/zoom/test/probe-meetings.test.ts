/**
 * Conformance probe, Users and Meetings: Zoom's REST API as its documents and
 * its API description say it behaves (zoom.md items 8–21), driven over HTTP
 * against a standalone sandbox.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { startZoomSandbox, type ZoomSandbox } from "../index.ts";
import {
  ADMIN_SCOPES,
  advanceClock,
  api,
  connect,
  control,
  licensedHost,
  meetingBody,
  type Reply,
  rawMeetingId,
  refresh,
  secondsToNextUtcMidnight,
  seedAccount,
  seedApp,
  seedUser,
  USER_SCOPES,
} from "./probe-client.ts";

let zoom: ZoomSandbox;
let base: string;

before(async () => {
  zoom = await startZoomSandbox({ port: 0 });
  base = zoom.url;
});
after(async () => {
  await zoom.close();
});
beforeEach(async () => {
  assert.equal((await control(base, "POST", "/reset")).status, 200);
});

const DAILY_LIMIT_MESSAGE =
  "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.";

function assertZoomError(reply: Reply, status: number, code: number, message?: string | RegExp) {
  assert.equal(reply.status, status, reply.text);
  assert.equal(reply.json?.code, code, reply.text);
  if (typeof message === "string") assert.equal(reply.json.message, message);
  else if (message !== undefined) assert.match(reply.json.message, message);
}

async function meetingsOf(email: string): Promise<{ id: number }[]> {
  const reply = await control(base, "GET", `/meetings?host_email=${encodeURIComponent(email)}`);
  assert.equal(reply.status, 200);
  return reply.json;
}

/**
 * Freezes the sandbox clock for the rest of the test, so a burst falls in one of Zoom's
 * one-second windows however slowly a busy machine sends it; the test steps it by hand.
 */
async function inOneSecond(t: { after(fn: () => Promise<void>): void }): Promise<void> {
  const reply = await control(base, "POST", "/clock", { frozen: true });
  assert.equal(reply.status, 200, reply.text);
  t.after(async () => {
    await control(base, "POST", "/clock", { frozen: false });
  });
}

describe("Zoom users, as documented", () => {
  test("GET /users/me returns the documented fields, with type 2 for a licensed user and 1 for a Basic one", async () => {
    const account = await seedAccount(base, "pro");
    const licensed = await seedUser(base, account.id, 2, "owner");
    const basicUser = await seedUser(base, account.id, 1, "member");
    const app = await seedApp(base, "user", USER_SCOPES);
    for (const [user, type] of [
      [licensed, 2],
      [basicUser, 1],
    ] as const) {
      const tokens = await connect(base, app, user.email);
      const me = await api(base, tokens.access_token, "GET", "/users/me");
      assert.equal(me.status, 200);
      for (const field of [
        "id",
        "email",
        "first_name",
        "last_name",
        "display_name",
        "account_id",
        "role_name",
        "type",
        "pmi",
        "timezone",
        "status",
      ]) {
        assert.ok(field in me.json, `${field} missing from ${me.text}`);
      }
      assert.equal(me.json.id, user.id);
      assert.equal(me.json.email, user.email);
      assert.equal(me.json.account_id, account.id);
      assert.equal(me.json.type, type);
      assert.equal(me.json.first_name, "Pat");
      assert.equal(me.json.last_name, "Probe");
      assert.equal(me.json.timezone, "Europe/Berlin");
      assert.equal(me.json.status, "active");
      assert.match(me.text, /"pmi":\d{10,11}[,}]/);
      // The same user by id and by email, as a user-managed token may name itself.
      for (const self of [user.id, user.email]) {
        const again = await api(base, tokens.access_token, "GET", `/users/${self}`);
        assert.equal(again.status, 200);
        assert.equal(again.json.id, user.id);
      }
    }
  });

  test("A user-managed token cannot read or schedule for another user of the same account", async () => {
    const account = await seedAccount(base, "pro");
    const owner = await seedUser(base, account.id, 2, "owner");
    const colleague = await seedUser(base, account.id, 2, "member");
    const app = await seedApp(base, "user", USER_SCOPES);
    const tokens = await connect(base, app, owner.email);
    const read = await api(base, tokens.access_token, "GET", `/users/${colleague.email}`);
    assert.ok(read.status >= 400 && read.status < 500, read.text);
    assert.equal(typeof read.json.code, "number");
    assert.doesNotMatch(read.text, new RegExp(colleague.id));
    const create = await api(
      base,
      tokens.access_token,
      "POST",
      `/users/${colleague.email}/meetings`,
      meetingBody(),
    );
    assert.ok(create.status >= 400 && create.status < 500, create.text);
    assert.deepEqual(await meetingsOf(colleague.email), []);
  });

  test("An admin token acts on /users/{email} inside its account and sees other accounts' users as nonexistent", async () => {
    const account = await seedAccount(base, "business");
    const admin = await seedUser(base, account.id, 2, "owner");
    const member = await seedUser(base, account.id, 2, "member");
    const elsewhere = await seedAccount(base, "business");
    const stranger = await seedUser(base, elsewhere.id, 2, "owner");
    const app = await seedApp(base, "admin", ADMIN_SCOPES);
    const tokens = await connect(base, app, admin.email);

    const read = await api(base, tokens.access_token, "GET", `/users/${member.email}`);
    assert.equal(read.status, 200);
    assert.equal(read.json.id, member.id);
    const created = await api(
      base,
      tokens.access_token,
      "POST",
      `/users/${member.email}/meetings`,
      meetingBody(),
    );
    assert.equal(created.status, 201);
    assert.equal(created.json.host_email, member.email);
    assert.equal(created.json.host_id, member.id);

    assertZoomError(
      await api(base, tokens.access_token, "GET", `/users/${stranger.email}`),
      404,
      1001,
      `User does not exist: ${stranger.email}.`,
    );
    assertZoomError(
      await api(
        base,
        tokens.access_token,
        "POST",
        `/users/${stranger.email}/meetings`,
        meetingBody(),
      ),
      404,
      1001,
    );
    assert.deepEqual(await meetingsOf(stranger.email), []);
    assertZoomError(
      await api(base, tokens.access_token, "GET", "/users/nobody@probe.test"),
      404,
      1001,
      "User does not exist: nobody@probe.test.",
    );
  });
});

describe("Zoom meetings, as documented", () => {
  test("Creating a meeting answers 201 with Zoom's fields and an id that is a 10–11 digit JSON integer", async () => {
    const { user, tokens } = await licensedHost(base);
    const body = meetingBody({
      topic: "Quarterly review",
      password: "abc123",
      settings: { join_before_host: true, waiting_room: false },
      tracking_fields: [{ field: "source", value: "confab" }],
    });
    const reply = await api(base, tokens.access_token, "POST", "/users/me/meetings", body);
    assert.equal(reply.status, 201);
    assert.match(rawMeetingId(reply.text), /^\d{10,11}$/);
    const meeting = reply.json;
    for (const field of [
      "id",
      "uuid",
      "host_id",
      "host_email",
      "topic",
      "type",
      "status",
      "start_time",
      "duration",
      "timezone",
      "created_at",
      "start_url",
      "join_url",
      "password",
      "encrypted_password",
      "settings",
    ]) {
      assert.ok(field in meeting, `${field} missing from ${reply.text}`);
    }
    assert.equal(meeting.host_id, user.id);
    assert.equal(meeting.host_email, user.email);
    assert.equal(meeting.topic, "Quarterly review");
    assert.equal(meeting.type, 2);
    assert.equal(meeting.status, "waiting");
    assert.equal(meeting.start_time, "2030-05-04T10:00:00Z");
    assert.equal(meeting.duration, 45);
    assert.equal(meeting.timezone, "UTC");
    assert.equal(meeting.password, "abc123");
    assert.match(meeting.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(meeting.join_url.includes(String(meeting.id)));
    assert.notEqual(meeting.start_url, meeting.join_url);
    assert.equal(meeting.settings.join_before_host, true);
    assert.equal(meeting.settings.waiting_room, false);
  });

  test("A local start_time with a timezone is scheduled in that zone and answered in UTC", async () => {
    const { tokens } = await licensedHost(base);
    const reply = await api(
      base,
      tokens.access_token,
      "POST",
      "/users/me/meetings",
      meetingBody({ start_time: "2030-07-01T10:00:00", timezone: "Europe/Berlin" }),
    );
    assert.equal(reply.status, 201, reply.text);
    // Berlin is two hours ahead of UTC in summer.
    assert.equal(reply.json.start_time, "2030-07-01T08:00:00Z");
    assert.equal(reply.json.timezone, "Europe/Berlin");
  });

  test("A user without the Meetings capability cannot host: 400 code 3161", async () => {
    const account = await seedAccount(base, "pro");
    const admin = await seedUser(base, account.id, 2, "owner");
    const unassigned = await seedUser(base, account.id, 99, "member");
    const app = await seedApp(base, "admin", ADMIN_SCOPES);
    const tokens = await connect(base, app, admin.email);
    const reply = await api(
      base,
      tokens.access_token,
      "POST",
      `/users/${unassigned.email}/meetings`,
      meetingBody(),
    );
    assertZoomError(reply, 400, 3161);
    assert.deepEqual(await meetingsOf(unassigned.email), []);
  });

  test("Getting a meeting returns its uuid, host_id and status waiting, as created", async () => {
    const { tokens } = await licensedHost(base);
    const created = await api(
      base,
      tokens.access_token,
      "POST",
      "/users/me/meetings",
      meetingBody(),
    );
    const id = rawMeetingId(created.text);
    const got = await api(base, tokens.access_token, "GET", `/meetings/${id}`);
    assert.equal(got.status, 200);
    assert.equal(rawMeetingId(got.text), id);
    assert.equal(got.json.uuid, created.json.uuid);
    assert.equal(got.json.host_id, created.json.host_id);
    assert.equal(got.json.status, "waiting");
    assert.equal(got.json.join_url, created.json.join_url);
  });

  test("Updating a meeting answers 204 with an empty body and the change shows on GET", async () => {
    const { tokens } = await licensedHost(base);
    const created = await api(
      base,
      tokens.access_token,
      "POST",
      "/users/me/meetings",
      meetingBody(),
    );
    const id = rawMeetingId(created.text);
    const patched = await api(base, tokens.access_token, "PATCH", `/meetings/${id}`, {
      topic: "Moved",
      start_time: "2030-05-05T12:30:00Z",
      duration: 90,
    });
    assert.equal(patched.status, 204);
    assert.equal(patched.text, "");
    const got = await api(base, tokens.access_token, "GET", `/meetings/${id}`);
    assert.equal(got.json.topic, "Moved");
    assert.equal(got.json.start_time, "2030-05-05T12:30:00Z");
    assert.equal(got.json.duration, 90);
    assert.equal(got.json.join_url, created.json.join_url);
  });

  test("Deleting a meeting answers 204, takes the reminder flags, and the meeting is then gone", async () => {
    const { user, tokens } = await licensedHost(base);
    const created = await api(
      base,
      tokens.access_token,
      "POST",
      "/users/me/meetings",
      meetingBody(),
    );
    const id = rawMeetingId(created.text);
    const deleted = await api(
      base,
      tokens.access_token,
      "DELETE",
      `/meetings/${id}?schedule_for_reminder=false&cancel_meeting_reminder=true`,
    );
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, "");
    assert.deepEqual(await meetingsOf(user.email), []);
    assertZoomError(
      await api(base, tokens.access_token, "GET", `/meetings/${id}`),
      404,
      3001,
      `Meeting does not exist: ${id}.`,
    );
  });

  test("A meeting that does not exist answers 404 code 3001 to GET, PATCH and DELETE", async () => {
    const { tokens } = await licensedHost(base);
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const reply = await api(
        base,
        tokens.access_token,
        method,
        "/meetings/85746352410",
        method === "PATCH" ? { topic: "x" } : undefined,
      );
      assertZoomError(reply, 404, 3001, "Meeting does not exist: 85746352410.");
    }
  });

  test("Creating a meeting for an unknown user answers 404 code 1001", async () => {
    const account = await seedAccount(base, "pro");
    const admin = await seedUser(base, account.id, 2, "owner");
    const app = await seedApp(base, "admin", ADMIN_SCOPES);
    const tokens = await connect(base, app, admin.email);
    assertZoomError(
      await api(
        base,
        tokens.access_token,
        "POST",
        "/users/ghost@probe.test/meetings",
        meetingBody(),
      ),
      404,
      1001,
      "User does not exist: ghost@probe.test.",
    );
  });

  test("A body Zoom's API description or documented limits reject answers 400 code 300 with errors[] and creates nothing", async () => {
    const { user, tokens } = await licensedHost(base);
    const invalid: [string, Record<string, unknown>][] = [
      ["duration", { duration: 1441 }],
      ["duration", { duration: 0 }],
      ["duration", { duration: "sixty" }],
      ["topic", { topic: "t".repeat(201) }],
      ["type", { type: "two" }],
      ["type", { type: 5 }],
      ["agenda", { agenda: "a".repeat(2001) }],
      ["password", { password: "12345678901" }],
      ["start_time", { start_time: "next tuesday" }],
    ];
    for (const [field, override] of invalid) {
      const reply = await api(
        base,
        tokens.access_token,
        "POST",
        "/users/me/meetings",
        meetingBody(override),
      );
      assertZoomError(reply, 400, 300, "Validation Failed.");
      assert.ok(Array.isArray(reply.json.errors), reply.text);
      assert.ok(
        reply.json.errors.some(
          (error: { field: string; message: string }) =>
            error.field === field && typeof error.message === "string",
        ),
        `${JSON.stringify(override)} → ${reply.text}`,
      );
    }
    // Limits are inclusive: the longest documented values are fine.
    const edge = await api(
      base,
      tokens.access_token,
      "POST",
      "/users/me/meetings",
      meetingBody({ topic: "t".repeat(200), duration: 1440, password: "1234567890" }),
    );
    assert.equal(edge.status, 201, edge.text);
    assert.equal((await meetingsOf(user.email)).length, 1);

    const notJson = await api(base, tokens.access_token, "POST", "/users/me/meetings", "{topic:");
    assertZoomError(notJson, 400, 300);
    const update = await api(base, tokens.access_token, "PATCH", `/meetings/${edge.json.id}`, {
      duration: 5000,
    });
    assertZoomError(update, 400, 300, "Validation Failed.");
    assert.equal((await meetingsOf(user.email)).length, 1);
  });

  test("Alternative hosts must be licensed users of the host's own account", async () => {
    const { account, user, tokens } = await licensedHost(base);
    const licensedColleague = await seedUser(base, account.id, 2, "member");
    const basicColleague = await seedUser(base, account.id, 1, "member");
    const otherAccount = await seedAccount(base, "pro");
    const outsider = await seedUser(base, otherAccount.id, 2, "owner");

    const accepted = await api(
      base,
      tokens.access_token,
      "POST",
      "/users/me/meetings",
      meetingBody({ settings: { alternative_hosts: licensedColleague.email } }),
    );
    assert.equal(accepted.status, 201, accepted.text);
    assert.equal(accepted.json.settings.alternative_hosts, licensedColleague.email);

    for (const refused of [basicColleague.email, outsider.email, "nobody@probe.test"]) {
      const reply = await api(
        base,
        tokens.access_token,
        "POST",
        "/users/me/meetings",
        meetingBody({ settings: { alternative_hosts: `${licensedColleague.email};${refused}` } }),
      );
      assert.equal(reply.status, 400, `${refused}: ${reply.text}`);
      assert.equal(typeof reply.json.code, "number");
      assert.ok(reply.json.message.includes(refused), reply.text);
      const update = await api(
        base,
        tokens.access_token,
        "PATCH",
        `/meetings/${accepted.json.id}`,
        {
          settings: { alternative_hosts: refused },
        },
      );
      assert.equal(update.status, 400, `${refused}: ${update.text}`);
    }
    assert.equal((await meetingsOf(user.email)).length, 1);
    const got = await api(base, tokens.access_token, "GET", `/meetings/${accepted.json.id}`);
    assert.equal(got.json.settings.alternative_hosts, licensedColleague.email);
  });

  test("Listing a host's meetings pages through them with page_size and next_page_token", async () => {
    const { tokens } = await licensedHost(base);
    const ids: string[] = [];
    for (let day = 1; day <= 5; day += 1) {
      const reply = await api(
        base,
        tokens.access_token,
        "POST",
        "/users/me/meetings",
        meetingBody({ start_time: `2030-06-0${day}T09:00:00Z`, topic: `Day ${day}` }),
      );
      ids.push(rawMeetingId(reply.text));
    }
    const seen: string[] = [];
    let token = "";
    const sizes: number[] = [];
    for (let page = 0; page < 5; page += 1) {
      const query = new URLSearchParams({ type: "scheduled", page_size: "2" });
      if (token !== "") query.set("next_page_token", token);
      const reply = await api(base, tokens.access_token, "GET", `/users/me/meetings?${query}`);
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.json.page_size, 2);
      assert.equal(reply.json.total_records, 5);
      assert.equal(typeof reply.json.next_page_token, "string");
      sizes.push(reply.json.meetings.length);
      for (const meeting of reply.json.meetings) {
        for (const field of [
          "uuid",
          "id",
          "host_id",
          "topic",
          "type",
          "start_time",
          "duration",
          "timezone",
          "agenda",
          "created_at",
          "join_url",
        ]) {
          assert.ok(field in meeting, `${field} missing from a listed meeting`);
        }
        seen.push(String(meeting.id));
      }
      token = reply.json.next_page_token;
      if (token === "") break;
    }
    assert.deepEqual(sizes, [2, 2, 1]);
    assert.deepEqual([...seen].sort(), [...ids].sort());
  });

  test("A next_page_token stops working after 15 minutes", async () => {
    const { tokens } = await licensedHost(base);
    for (let n = 0; n < 3; n += 1) {
      await api(base, tokens.access_token, "POST", "/users/me/meetings", meetingBody());
    }
    const first = await api(base, tokens.access_token, "GET", "/users/me/meetings?page_size=1");
    const token = first.json.next_page_token;
    assert.notEqual(token, "");
    await advanceClock(base, 14 * 60);
    const fresh = await api(
      base,
      tokens.access_token,
      "GET",
      `/users/me/meetings?page_size=1&next_page_token=${encodeURIComponent(token)}`,
    );
    assert.equal(fresh.status, 200);
    await advanceClock(base, 2 * 60);
    const stale = await api(
      base,
      tokens.access_token,
      "GET",
      `/users/me/meetings?page_size=1&next_page_token=${encodeURIComponent(fresh.json.next_page_token)}`,
    );
    assert.equal(fresh.json.next_page_token !== "", true);
    // The second token was issued two minutes ago and still works; the first has expired.
    assert.equal(stale.status, 200);
    const expired = await api(
      base,
      tokens.access_token,
      "GET",
      `/users/me/meetings?page_size=1&next_page_token=${encodeURIComponent(token)}`,
    );
    assert.equal(expired.status, 400, expired.text);
    assert.equal(typeof expired.json.code, "number");
  });
});

describe("Zoom rate limits, as documented", () => {
  for (const [plan, perSecond] of [
    ["free", 2],
    ["pro", 20],
    ["business", 60],
  ] as const) {
    test(`A ${plan} account may create ${perSecond} meetings per second; the next answers 429 of type QPS`, async (t) => {
      const { tokens } = await licensedHost(base, plan);
      await inOneSecond(t);
      const replies = await Promise.all(
        Array.from({ length: perSecond + 1 }, (_, n) =>
          api(
            base,
            tokens.access_token,
            "POST",
            "/users/me/meetings",
            meetingBody({ topic: `${n}` }),
          ),
        ),
      );
      const statuses = replies.map((reply) => reply.status);
      assert.equal(statuses.filter((status) => status === 201).length, perSecond, `${statuses}`);
      const limited = replies.find((reply) => reply.status === 429);
      assert.ok(limited);
      assert.equal(limited.json.code, 429);
      assert.equal(limited.headers.get("x-ratelimit-category"), "Medium");
      assert.equal(limited.headers.get("x-ratelimit-type"), "QPS");
      // The next second has a fresh allowance.
      await advanceClock(base, 1);
      const later = await api(
        base,
        tokens.access_token,
        "POST",
        "/users/me/meetings",
        meetingBody(),
      );
      assert.equal(later.status, 201);
    });
  }

  test("The per-second limit is shared by every app and host of one account", async (t) => {
    const account = await seedAccount(base, "pro");
    const owner = await seedUser(base, account.id, 2, "owner");
    const member = await seedUser(base, account.id, 2, "member");
    const first = await connect(base, await seedApp(base, "user", USER_SCOPES), owner.email);
    const second = await connect(base, await seedApp(base, "user", USER_SCOPES), member.email);
    await inOneSecond(t);
    const replies = await Promise.all(
      Array.from({ length: 22 }, (_, n) =>
        api(
          base,
          (n % 2 === 0 ? first : second).access_token,
          "POST",
          "/users/me/meetings",
          meetingBody(),
        ),
      ),
    );
    const statuses = replies.map((reply) => reply.status);
    assert.equal(statuses.filter((status) => status === 201).length, 20, `${statuses}`);
    assert.equal(statuses.filter((status) => status === 429).length, 2, `${statuses}`);
  });

  test("A free account may make 4 light requests per second, with Zoom's 429 headers after that", async (t) => {
    const { tokens } = await licensedHost(base, "free");
    await inOneSecond(t);
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => api(base, tokens.access_token, "GET", "/users/me")),
    );
    const statuses = replies.map((reply) => reply.status);
    assert.equal(statuses.filter((status) => status === 200).length, 4, `${statuses}`);
    const limited = replies.find((reply) => reply.status === 429);
    assert.ok(limited);
    assert.equal(limited.json.code, 429);
    assert.equal(limited.headers.get("x-ratelimit-category"), "Light");
    assert.equal(limited.headers.get("x-ratelimit-type"), "QPS");
    assert.equal(limited.headers.get("x-ratelimit-limit"), "4");
    assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
    // Zoom's documents give Retry-After as a date-time.
    assert.ok(!Number.isNaN(Date.parse(limited.headers.get("retry-after") ?? "")));
  });

  test("A host may have 100 meeting creates and updates per UTC day; deletes do not count; the 101st answers Zoom's exact 429", async () => {
    // Start just after midnight so the whole test runs within one UTC day.
    await advanceClock(base, await secondsToNextUtcMidnight(base, 5));
    const { account, user, app, tokens } = await licensedHost(base);
    const colleague = await seedUser(base, account.id, 2, "member");
    let operations = 0;
    const pace = async () => {
      // Stay below every per-second limit, which is not what this test is about.
      if (operations % 10 === 0) await advanceClock(base, 1);
    };
    const created: string[] = [];
    while (operations < 100) {
      await pace();
      if (created.length > 0 && operations % 3 === 0) {
        const id = created[created.length - 1];
        const updated = await api(base, tokens.access_token, "PATCH", `/meetings/${id}`, {
          topic: `update ${operations}`,
        });
        assert.equal(updated.status, 204, `operation ${operations + 1}: ${updated.text}`);
      } else {
        const reply = await api(
          base,
          tokens.access_token,
          "POST",
          "/users/me/meetings",
          meetingBody(),
        );
        assert.equal(reply.status, 201, `operation ${operations + 1}: ${reply.text}`);
        created.push(rawMeetingId(reply.text));
        if (created.length % 4 === 0) {
          const gone = created.shift();
          const deleted = await api(base, tokens.access_token, "DELETE", `/meetings/${gone}`);
          assert.equal(deleted.status, 204);
        }
      }
      operations += 1;
    }
    await pace();
    const create = await api(
      base,
      tokens.access_token,
      "POST",
      "/users/me/meetings",
      meetingBody(),
    );
    assert.equal(create.status, 429);
    assert.deepEqual(create.json, { code: 429, message: DAILY_LIMIT_MESSAGE });
    const update = await api(base, tokens.access_token, "PATCH", `/meetings/${created[0]}`, {
      topic: "one too many",
    });
    assert.equal(update.status, 429);
    assert.equal(update.json.message, DAILY_LIMIT_MESSAGE);
    // Deleting still works, and the limit is per host, not per account.
    assert.equal(
      (await api(base, tokens.access_token, "DELETE", `/meetings/${created[0]}`)).status,
      204,
    );
    const admin = await seedApp(base, "admin", ADMIN_SCOPES);
    const adminTokens = await connect(base, admin, user.email);
    const forColleague = await api(
      base,
      adminTokens.access_token,
      "POST",
      `/users/${colleague.email}/meetings`,
      meetingBody(),
    );
    assert.equal(forColleague.status, 201, forColleague.text);

    // Two seconds before 00:00 UTC the host is still limited; just after, the count starts again.
    await advanceClock(base, await secondsToNextUtcMidnight(base, -2));
    const renewed = await refresh(base, app, tokens.refresh_token);
    assert.equal(renewed.status, 200);
    const token = renewed.json.access_token;
    const stillLimited = await api(base, token, "POST", "/users/me/meetings", meetingBody());
    assert.equal(stillLimited.status, 429);
    await advanceClock(base, 3);
    const nextDay = await api(base, token, "POST", "/users/me/meetings", meetingBody());
    assert.equal(nextDay.status, 201, nextDay.text);
  });
});
