import type { FastifyInstance } from "fastify";
import { html } from "./html.ts";
import { layout } from "./layout.ts";

export async function homePage(app: FastifyInstance) {
  app.get("/", async (_request, reply) =>
    reply.type("text/html; charset=utf-8").send(
      layout({
        title: "Welcome",
        main: html`
      <h1>confab is running</h1>
      <p class="lead">Zoom meetings on every event your scheduling software creates, without the
        software ever holding a Zoom credential.</p>
      <ul class="status-links">
        <li><a href="/healthz">Liveness</a>: the process answers.</li>
        <li><a href="/readyz">Readiness</a>: database, migrations and worker.</li>
      </ul>`,
      }),
    ),
  );
}
