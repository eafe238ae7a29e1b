import assert from "node:assert/strict";
import { eventually, type startConferencingWorld } from "./conferencing-world.ts";
import { untilNoJobsLeft } from "./jobs-left.ts";
import type { organizationWithZoom } from "./organization-zoom.ts";
import { formsOf } from "./page-forms.ts";
import { password } from "./tenant.ts";
import { webClient } from "./web-client.ts";

type World = Awaited<ReturnType<typeof startConferencingWorld>>;
type Acme = Awaited<ReturnType<typeof organizationWithZoom>>["acme"];

/** A Zoom meeting as the sandbox's control API shows it: a series has its occurrences. */
export interface ZoomSeries {
  id: number;
  topic: string;
  type: number;
  start_time: string;
  join_url: string;
  recurrence?: Record<string, unknown>;
  occurrences?: { occurrence_id: string; start_time: string; duration: number; status: string }[];
}

/** A call in the sandbox's log, with its query string as sent. */
export interface LoggedCall {
  method: string;
  path: string;
  query: string;
}

/** What the page's form posting to `action` sends (a review step's hidden values among them). */
export function formIn(page: string, action: string): Record<string, string> {
  const form = formsOf(page).find((f) => f.method === "post" && f.action === action);
  assert.ok(form, `a form posting to ${action}`);
  return Object.fromEntries(
    [...form.fields]
      .filter(([name]) => name !== "_csrf" && name !== "step")
      .map(([name, values]) => [name, [...values][0] ?? ""]),
  );
}

/** The id of the meeting of a series scheduled at `iso`: its start in epoch milliseconds. */
export const at = (iso: string) => String(Date.parse(iso));

/**
 * Series in Acme's Leaders program as its mentor makes them on the meeting form, with the mentee
 * invited, and what Zoom's sandbox saw of them.
 */
export function programSeries(world: World, acme: Acme) {
  const { confab, db, zoom } = world;
  const { mentor, mentee } = acme.users;
  const meetings = `/o/acme/programs/${acme.programs.p1.id}/meetings`;

  /** Tuesdays and Thursdays at 10:00 in New York, 8 times from Tuesday 4 March 2031 (summer time on the 9th). */
  const weekly = {
    description: "",
    date: "2031-03-03",
    time: "10:00",
    duration: "45",
    timeZone: "America/New_York",
    invitees: mentee.id,
    repeats: "weekly",
    repeatEvery: "1",
    weekDays: "2,4",
    ends: "count",
    endCount: "8",
  };

  const calls = async (method: string) => (await zoom.calls({ method })) as unknown as LoggedCall[];
  const zoomCreates = async () =>
    (await zoom.calls({ method: "POST" })).filter((c) => c.path.endsWith("/meetings"));
  const zoomSeries = async (title: string) =>
    (await zoom.control<ZoomSeries[]>("GET", "/meetings")).find((m) => m.topic === title);

  /** Once Zoom has what the meeting asks for and its invitations are sent. */
  async function settled(eventId: string) {
    await untilNoJobsLeft(db, { tasks: ["conferencing:provision_meeting"] }, "provisioning");
    await untilNoJobsLeft(db, { tasks: ["mail:send"], keys: [`invitations:${eventId}`] }, "mails");
  }

  /** The mentor, signed in, with the one-time key of a fresh new-meeting form. */
  async function signedIn() {
    const browser = webClient(confab.app as NonNullable<typeof confab.app>);
    await browser.signIn(mentor.email, password);
    const { submission_key: key } = formIn((await browser.get(`${meetings}/new`)).body, meetings);
    return { browser, key: key ?? "" };
  }

  /** A weekly Zoom series made from the meeting form, once Zoom has it and its invitation is sent. */
  async function seriesMade(title: string) {
    const { browser, key } = await signedIn();
    const review = await browser.post(meetings, {
      ...weekly,
      mode: "zoom",
      title,
      submission_key: key,
    });
    const created = await browser.post(meetings, {
      ...formIn(review.body, meetings),
      step: "save",
    });
    assert.equal(created.status, 303);
    const page = (created.location ?? "").replace(/\?.*$/, "");
    const eventId = page.split("/").at(-1) ?? "";
    await eventually(
      async () => /data-join-url>/.test((await browser.get(page)).body),
      30_000,
      "the join link",
    );
    await settled(eventId);
    return { browser, page, eventId };
  }

  return { meetings, weekly, calls, zoomCreates, zoomSeries, settled, signedIn, seriesMade };
}
