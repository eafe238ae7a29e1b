/** The floor for accept latency: a Fastify route that does nothing, in a process of its own. */
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.post("/v1/calendars/:id/events", async (_request, reply) => reply.status(202).send());
await app.listen({ port: Number(process.argv[2] ?? 0), host: "127.0.0.1" });
process.stdout.write(
  `${JSON.stringify({ url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` })}\n`,
);
process.once("SIGTERM", () => void app.close().then(() => process.exit(0)));
