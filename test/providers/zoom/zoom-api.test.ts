import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { ProviderError } from "../../../src/providers/provider-error.ts";
import { callZoom } from "../../../src/providers/zoom/zoom-api.ts";
import { cleanup } from "../../support/cleanup.ts";
import { freePort } from "../../support/test-app.ts";

/** A stand-in that answers every request the same way, for replies the sandbox never gives. */
async function answering(status: number, body: string, type = "application/json") {
  const server = http.createServer((_request, response) => {
    response.writeHead(status, { "content-type": type });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`,
    timeoutMs: 2000,
  };
}

async function kindOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProviderError);
    return error.kind;
  }
  assert.fail("expected a failure");
}

test("meeting ids beyond what a JavaScript number holds keep every digit", async () => {
  const api = await answering(
    201,
    '{"id": 98765432109876543210, "join_url": "https://zoom.example/j/1"}',
  );
  const { body } = await callZoom<{ id: string }>(api, "token", {
    method: "POST",
    path: "/users/me/meetings",
    body: {},
  });
  assert.equal(body?.id, "98765432109876543210");
});

test("a create answered with a success status but an unreadable body may have been done: ambiguous", async () => {
  const api = await answering(201, "<html>gateway says hello</html>", "text/html");
  assert.equal(
    await kindOf(callZoom(api, "token", { method: "POST", path: "/users/me/meetings", body: {} })),
    "ambiguous",
  );
  assert.equal(
    await kindOf(callZoom(api, "token", { method: "GET", path: "/meetings/1" })),
    "unavailable",
  );
});

test("a Zoom that cannot be reached at all is unavailable, even for a create: nothing was sent", async () => {
  const api = { baseUrl: `http://127.0.0.1:${await freePort()}/v2`, timeoutMs: 2000 };
  assert.equal(
    await kindOf(callZoom(api, "token", { method: "POST", path: "/users/me/meetings", body: {} })),
    "unavailable",
  );
});

test("an empty 5xx and an HTML error page are both retriable", async () => {
  assert.equal(
    await kindOf(callZoom(await answering(502, ""), "t", { method: "GET", path: "/x" })),
    "unavailable",
  );
  const page = await answering(503, "<html><body>Service Unavailable</body></html>", "text/html");
  assert.equal(await kindOf(callZoom(page, "t", { method: "GET", path: "/x" })), "unavailable");
});
