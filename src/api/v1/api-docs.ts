import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import type { Config } from "../../config.ts";

const apiPaths = /^\/(v1\/|oauth\/token)/;

/**
 * The application API's OpenAPI 3.1 document, generated from the routes' schemas, at
 * `/openapi.json`, and a reference page at `/docs`. Only the API's routes are in it. Installed
 * on the app itself, before any route, as the document is gathered from routes as they are added.
 */
export async function installApiDocs(app: FastifyInstance, config: Config) {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "confab application API",
        version: "1",
        description:
          "The conferencing subset of Cronofy's API: application calendars and their tokens, userinfo with conferencing profiles, the hosted conferencing link, events with Zoom meetings, push notifications per event, and notification channels (`/v1/channels`) that say when a conferencing profile stops working (`conferencing_profile_disconnected`). docs/cronofy-compatibility.md in confab's repository lists every endpoint and field, what Cronofy does and what confab does. Event push notifications are POSTed as JSON `{notification: {type, sequence}, event}`, with the event as it is when sent and a `sequence` that grows with every change (ignore a lower one than you have). Headers: `Cronofy-HMAC-SHA256`, the base64 HMAC-SHA256 of the raw body keyed with the application's client secret, and `Confab-Signature: t=<unix seconds>,id=<delivery id>,v1=<hex HMAC-SHA256 of \"id.t.body\">` for refusing replays. Anything but a 2xx is retried with backoff (25 attempts); an endpoint failing 5 times in a row is paused. Channel notifications are POSTed as `{notification: {type, …}, channel}` with the same headers. Subscription and channel URLs must be public https endpoints on port 443 or 8443: private, loopback and link-local addresses are refused (422).",
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          applicationMember: {
            type: "http",
            scheme: "basic",
            description:
              "The organization's application (client_id:client_secret), acting for the member named by email in the Confab-Member header.",
          },
        },
      },
    },
    transform: ({ schema, url }) => ({
      schema: apiPaths.test(url) ? schema : { ...schema, hide: true },
      url,
    }),
  });
  await app.register(swaggerUi, { routePrefix: "/docs", staticCSP: true });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}
