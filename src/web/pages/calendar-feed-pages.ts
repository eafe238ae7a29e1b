import type { FastifyInstance } from "fastify";
import { feedOwner, makeCalendarFeed } from "../../calendar-feed/feed-secrets.ts";
import { personalFeed } from "../../calendar-feed/personal-feed.ts";
import { confirmation } from "../confirm-page.ts";
import { html } from "../html.ts";
import { csrfToken, requireViewer, sendPage, type WebContext } from "../web-context.ts";

/**
 * A person's calendar feed: the address their calendar app subscribes to (no session: the
 * address is the credential, and request logs blank it, see src/logging/create-logger.ts), and
 * the account forms that make and rotate it.
 */
export function calendarFeedPages(app: FastifyInstance, context: WebContext) {
  app.get("/calendar/feed/:token.ics", async (request, reply) => {
    const { token } = request.params as { token: string };
    const userId = await feedOwner(context.db, token);
    reply.header("referrer-policy", "no-referrer").header("x-robots-tag", "noindex");
    if (userId === undefined) {
      return reply
        .status(404)
        .header("cache-control", "no-store")
        .type("text/plain; charset=utf-8")
        .send(
          "There is no calendar feed at this address: it was rotated, or mistyped. Copy the current address from Your account in confab.\n",
        );
    }
    const calendar = await personalFeed(context.db, {
      userId,
      publicUrl: context.config.publicUrl,
    });
    // Calendar apps poll: a few minutes of reuse spares the database, and "private" keeps
    // shared caches from holding one person's meetings.
    return reply
      .header("cache-control", "private, max-age=300")
      .type("text/calendar; charset=utf-8")
      .send(calendar);
  });

  app.post("/account/calendar-feed", async (request, reply) => {
    const viewer = requireViewer(request);
    await makeCalendarFeed(context.db, context.vault, { userId: viewer.id, rotate: false });
    return reply.redirect("/account?done=calendar-feed#calendar-feed", 303);
  });

  app.get("/account/calendar-feed/rotate", async (request, reply) => {
    requireViewer(request);
    return sendPage(context, request, reply, {
      title: "Rotate your calendar feed",
      main: confirmation({
        heading: "Rotate your calendar feed's address?",
        consequences: html`<p>Your calendar feed gets a new address, and the old one stops working
          at once: calendars subscribed to it stop showing your meetings until you subscribe them
          to the new address.</p>
          <p>Do this if the address got out: whoever has it can read your meetings.</p>`,
        action: "/account/calendar-feed/rotate",
        confirmLabel: "Rotate the address",
        cancelHref: "/account#calendar-feed",
        csrfToken: csrfToken(reply),
      }),
    });
  });

  app.post("/account/calendar-feed/rotate", async (request, reply) => {
    const viewer = requireViewer(request);
    await makeCalendarFeed(context.db, context.vault, { userId: viewer.id, rotate: true });
    return reply.redirect("/account?done=calendar-feed-rotated#calendar-feed", 303);
  });
}
