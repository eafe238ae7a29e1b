import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import Fastify, { type FastifyBaseLogger } from "fastify";
import { DomainError } from "../../src/domain-error.ts";
import { installErrorHandling } from "../../src/http/error-handler.ts";
import { createLogger } from "../../src/logging/create-logger.ts";

const lines: string[] = [];
const logger = createLogger(
  "info",
  new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  }),
);
const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
installErrorHandling(app);
app.get("/missing-profile", async () => {
  throw new DomainError("not_found", "There is no conferencing profile pro_123.");
});
app.post("/form", async () => {
  throw new DomainError("invalid_input", "The form has errors.", {
    email: "Enter an email address.",
  });
});
app.get("/bug", async () => {
  throw new Error("connection to 10.0.0.5 failed: password authentication failed for user admin");
});
app.post(
  "/typed",
  {
    schema: {
      body: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
    },
  },
  async () => ({ ok: true }),
);

test("a domain error becomes its 4xx with the message meant for the caller", async () => {
  const reply = await app.inject({ method: "GET", url: "/missing-profile" });
  assert.equal(reply.statusCode, 404);
  const body = reply.json();
  assert.equal(body.error, "not_found");
  assert.equal(body.message, "There is no conferencing profile pro_123.");
  assert.equal(typeof body.request_id, "string");
});

test("per-field messages travel with the error so forms can show them by the field", async () => {
  const reply = await app.inject({ method: "POST", url: "/form" });
  assert.equal(reply.statusCode, 400);
  assert.deepEqual(reply.json().fields, { email: "Enter an email address." });
});

test("an unexpected error is a 500 naming the request id and nothing of the internals", async () => {
  const reply = await app.inject({ method: "GET", url: "/bug" });
  assert.equal(reply.statusCode, 500);
  const body = reply.json();
  assert.equal(body.error, "internal_error");
  assert.ok(body.message.includes(body.request_id));
  assert.ok(!reply.body.includes("10.0.0.5") && !reply.body.includes("password"));
  assert.ok(
    lines.some((l) => l.includes("10.0.0.5")),
    "the details are in the log instead",
  );
});

test("a body that breaks the route's schema is a 400 that says what is wrong", async () => {
  const reply = await app.inject({ method: "POST", url: "/typed", payload: { nom: "x" } });
  assert.equal(reply.statusCode, 400);
  assert.equal(reply.json().error, "invalid_request");
  assert.match(reply.json().message, /must have required property 'name'/);
});

test("malformed JSON is a 400, not a 500", async () => {
  const reply = await app.inject({
    method: "POST",
    url: "/typed",
    headers: { "content-type": "application/json" },
    payload: "{not json",
  });
  assert.equal(reply.statusCode, 400);
  assert.ok(reply.json().message.length > 0);
});

test("an unknown path is a JSON 404 that names it", async () => {
  const reply = await app.inject({ method: "DELETE", url: "/v1/nothing?x=1" });
  assert.equal(reply.statusCode, 404);
  assert.equal(reply.json().message, "There is nothing at DELETE /v1/nothing.");
});

test("an unknown path asked for by a browser is a page with a way back, not JSON", async () => {
  const reply = await app.inject({
    method: "GET",
    url: "/account/nowhere",
    headers: { accept: "text/html,application/xhtml+xml" },
  });
  assert.equal(reply.statusCode, 404);
  assert.match(String(reply.headers["content-type"]), /text\/html/);
  assert.match(reply.body, /<h1>Page not found<\/h1>/);
  assert.match(reply.body, /There is nothing at GET \/account\/nowhere\./);
  assert.match(reply.body, /href="\/"/);
});
