import assert from "node:assert/strict";
import { eventually, type startConferencingWorld } from "./conferencing-world.ts";
import { untilNoJobsLeft } from "./jobs-left.ts";
import type { organizationWithZoom } from "./organization-zoom.ts";
import { formsOf } from "./page-forms.ts";
import { password } from "./tenant.ts";
import { webClient } from "./web-client.ts";
import { orgApp, webhookSecret } from "./zoom-world.ts";

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
 * "This and following" from a weekly series' fifth meeting (Tuesday 18 March 2031): the new series
 * an hour later, four times.
 */
export const laterFour = {
  date: "2031-03-18",
  time: "11:00",
  duration: "45",
  repeats: "weekly",
  repeatEvery: "1",
  weekDays: "2,4",
  ends: "count",
  endCount: "4",
};

type Browser = ReturnType<typeof webClient>;
type Sent = Awaited<ReturnType<Browser["post"]>>;

/**
 * Series in Acme's Leaders program as its mentor makes them on the meeting form, with the mentee
 * invited, and what Zoom's sandbox saw of them. `count` is how many meetings a series has (8
 * unless given); with `zoomWebhooks`, Zoom tells confab of changes made in its own interface,
 * and a series is settled once those notices are handled too.
 */
export async function programSeries(
  world: World,
  acme: Acme,
  { count = 8, zoomWebhooks = false }: { count?: number; zoomWebhooks?: boolean } = {},
) {
  const { confab, db, zoom } = world;
  const { mentor, mentee } = acme.users;
  const meetings = `/o/acme/programs/${acme.programs.p1.id}/meetings`;
  if (zoomWebhooks) {
    const app = { webhook_url: `${confab.url}/webhooks/zoom`, webhook_secret: webhookSecret };
    await zoom.control("PATCH", `/apps/${orgApp.clientId}`, app);
  }

  /** Tuesdays and Thursdays at 10:00 in New York, `count` times from Tuesday 4 March 2031 (summer time on the 9th). */
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
    endCount: String(count),
  };

  /** Zoom's calls with this method, or all of them. */
  const calls = async (method?: string) =>
    (await zoom.calls(method ? { method } : {})) as unknown as LoggedCall[];
  const zoomCreates = async () =>
    (await zoom.calls({ method: "POST" })).filter((c) => c.path.endsWith("/meetings"));
  const zoomSeries = async (title: string) =>
    (await zoom.control<ZoomSeries[]>("GET", "/meetings")).find((m) => m.topic === title);

  const jobs = ["conferencing:provision_meeting"];
  if (zoomWebhooks) jobs.push("conferencing:meeting_changed_at_provider");

  /** Once Zoom has what the meeting asks for (and confab what Zoom told it) and its mails are sent. */
  async function settled(eventId: string) {
    await untilNoJobsLeft(db, { tasks: jobs }, "provisioning");
    await untilNoJobsLeft(db, { tasks: ["mail:send"], keys: [`invitations:${eventId}`] }, "mails");
  }

  /** A browser signed in as the person with this email. */
  async function signedInAs(email: string) {
    const browser = webClient(confab.app as NonNullable<typeof confab.app>);
    await browser.signIn(email, password);
    return browser;
  }

  /** The mentor, signed in, with the one-time key of a fresh new-meeting form. */
  async function signedIn() {
    const browser = await signedInAs(mentor.email);
    const { submission_key: key } = formIn((await browser.get(`${meetings}/new`)).body, meetings);
    return { browser, key: key ?? "" };
  }

  /** The meeting a form's save redirected to, once its join link is shown and it is settled. */
  async function madeBy(browser: Browser, saved: Sent, what = "the join link") {
    assert.equal(saved.status, 303);
    const page = (saved.location ?? "").replace(/\?.*$/, "");
    const eventId = page.split("/").at(-1) ?? "";
    await eventually(
      async () => /data-join-url>/.test((await browser.get(page)).body),
      30_000,
      what,
    );
    await settled(eventId);
    return { page, eventId };
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
    return { browser, ...(await madeBy(browser, created)) };
  }

  /**
   * The confirm of a "This and following" review sent: the new series, once its join link is shown
   * and both series are settled.
   */
  async function splitConfirmed(
    { browser, eventId }: { browser: Browser; eventId: string },
    following: string,
    review: string,
  ) {
    const split = await browser.post(following, { ...formIn(review, following), step: "save" });
    const made = await madeBy(browser, split, "the new series' join link");
    assert.notEqual(made.eventId, eventId);
    await settled(eventId);
    return { newPage: made.page, newId: made.eventId };
  }

  return {
    meetings,
    weekly,
    calls,
    zoomCreates,
    zoomSeries,
    settled,
    signedInAs,
    signedIn,
    seriesMade,
    splitConfirmed,
  };
}
