/**
 * What the Graph route tests share: a Fastify server (real HTTP on a free port) with only the
 * Graph routes registered, an error handler that writes GraphErrors as Graph does, a small
 * directory, a steppable clock and a notification receiver.
 *
 * The full sandbox's identity side issues and verifies real tokens; this fixture stands in for
 * it only for these route tests, mapping a few fixed bearer strings to callers.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { after } from "node:test";
import Fastify from "fastify";
import type { DirectoryUser, GraphCaller } from "../graph/graph-caller.ts";
import { GraphError } from "../graph/graph-error.ts";
import { type GraphState, registerGraphRoutes } from "../graph/graph-routes.ts";

// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in assertions
export type Json = any;

export const TENANT = "3f1c2b9e-0d4a-4b8e-9c71-5a2e7d6f8a10";
export const CONSUMER_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";

function user(
  id: string,
  upn: string,
  displayName: string,
  options: Partial<DirectoryUser> = {},
): DirectoryUser {
  return {
    id,
    tenantId: TENANT,
    userPrincipalName: upn,
    mail: upn,
    displayName,
    accountType: "work",
    teamsLicensed: true,
    hasMailbox: true,
    ...options,
  };
}

export const USERS = {
  alice: user("0b1e6a52-1111-4c1a-9a11-000000000001", "alice@contoso.test", "Alice Adams"),
  carol: user("0b1e6a52-3333-4c1a-9a11-000000000003", "carol@contoso.test", "Carol Chen"),
  bob: user("0b1e6a52-2222-4c1a-9a11-000000000002", "bob@contoso.test", "Bob Brown", {
    teamsLicensed: false,
  }),
  pat: user("00000000-0000-0000-aaaa-000000000004", "pat@outlook.test", "Pat Personal", {
    tenantId: CONSUMER_TENANT,
    accountType: "personal",
    teamsLicensed: false,
  }),
};

export const APP_ID = "5e3f0c1a-aaaa-4bbb-8ccc-0000000000a1";

const CALLERS: Record<string, GraphCaller> = {
  alice: {
    tenantId: TENANT,
    clientId: APP_ID,
    userId: USERS.alice.id,
    permissions: ["Calendars.ReadWrite", "OnlineMeetings.ReadWrite"],
  },
  "alice-read": {
    tenantId: TENANT,
    clientId: APP_ID,
    userId: USERS.alice.id,
    permissions: ["Calendars.Read"],
  },
  bob: {
    tenantId: TENANT,
    clientId: APP_ID,
    userId: USERS.bob.id,
    permissions: ["Calendars.ReadWrite", "OnlineMeetings.ReadWrite"],
  },
  pat: {
    tenantId: CONSUMER_TENANT,
    clientId: APP_ID,
    userId: USERS.pat.id,
    permissions: ["Calendars.ReadWrite"],
  },
  app: {
    tenantId: TENANT,
    clientId: APP_ID,
    userId: undefined,
    permissions: ["Calendars.ReadWrite", "OnlineMeetings.ReadWrite.All"],
  },
  "app-without-roles": { tenantId: TENANT, clientId: APP_ID, userId: undefined, permissions: [] },
};

export interface SteppableClock {
  now(): number;
  advance(seconds: number): void;
}

export interface GraphFixture {
  url: string;
  clock: SteppableClock;
  state: GraphState;
  call(
    path: string,
    init?: { method?: string; body?: unknown; token?: string; raw?: string },
  ): Promise<{ status: number; headers: Headers; body: Json; text: string }>;
  control(path: string, body?: unknown, method?: string): Promise<Json>;
}

export async function startGraphFixture(): Promise<GraphFixture> {
  let now = Date.parse("2031-05-01T09:00:00Z");
  const clock: SteppableClock = {
    now: () => now,
    advance(seconds) {
      now += seconds * 1000;
    },
  };
  const everyone = Object.values(USERS);
  const server = Fastify();
  server.setErrorHandler((error, _request, reply) => {
    if (error instanceof GraphError) {
      const date = new Date(clock.now()).toISOString().slice(0, 19);
      return reply
        .code(error.status)
        .headers(error.headers)
        .send(error.body({ date, requestId: "00000000-0000-0000-0000-000000000000" }));
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return reply.code(status).send({ error: { code: "Unknown", message: String(error) } });
  });
  let baseUrl = "";
  const state = registerGraphRoutes(server, {
    authenticate(headers) {
      const header = String(headers.authorization ?? "");
      const caller = CALLERS[header.replace(/^Bearer /, "")];
      if (caller === undefined) {
        throw new GraphError(401, "InvalidAuthenticationToken", "Access token is empty.");
      }
      return caller;
    },
    directory: {
      findUser: (tenantId, idOrUpn) =>
        everyone.find(
          (candidate) =>
            candidate.tenantId === tenantId &&
            (candidate.id === idOrUpn ||
              candidate.userPrincipalName.toLowerCase() === idOrUpn.toLowerCase()),
        ),
    },
    clock,
    baseUrl: () => baseUrl,
    changed() {},
  });
  await server.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  after(async () => {
    await state.close();
    await server.close();
  });

  const call: GraphFixture["call"] = async (path, init = {}) => {
    const headers: Record<string, string> = {};
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };

  return {
    get url() {
      return baseUrl;
    },
    clock,
    state,
    call,
    async control(path, body, method) {
      const reply = await call(path, {
        ...(body === undefined ? {} : { body }),
        ...(method === undefined ? {} : { method }),
      });
      if (reply.status >= 400) {
        throw new Error(`control ${path} answered ${reply.status}: ${reply.text}`);
      }
      return reply.body;
    },
  };
}

export interface ReceivedNotification {
  path: string;
  headers: IncomingHttpHeaders;
  body: Json;
}

/**
 * A notification endpoint: answers the validation handshake (echoing the token as text/plain,
 * or wrongly when told to) and records every notification, answering `status`.
 */
export async function startReceiver() {
  const received: ReceivedNotification[] = [];
  const settings = { status: 202, handshake: "echo" as "echo" | "wrong" | "fail" };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://receiver");
      const token = url.searchParams.get("validationToken");
      if (token !== null) {
        if (settings.handshake === "fail") {
          response.writeHead(500).end();
        } else {
          response.writeHead(200, { "content-type": "text/plain" });
          response.end(settings.handshake === "echo" ? token : "not the token");
        }
        return;
      }
      const text = Buffer.concat(chunks).toString("utf8");
      received.push({ path: url.pathname, headers: request.headers, body: JSON.parse(text) });
      response.writeHead(settings.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url,
    settings,
    received,
    /** Polls (bounded) until `count` notifications arrived at `path`. */
    async waitFor(path: string, count: number): Promise<ReceivedNotification[]> {
      for (let attempt = 0; attempt < 200; attempt += 1) {
        const matching = received.filter((item) => item.path === path);
        if (matching.length >= count) return matching;
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(
        `expected ${count} notifications at ${path}, got ${received.filter((item) => item.path === path).length}`,
      );
    },
  };
}

export const at = (dateTime: string, timeZone = "UTC") => ({ dateTime, timeZone });
