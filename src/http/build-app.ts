import { randomUUID } from "node:crypto";
import path from "node:path";
import cookie from "@fastify/cookie";
import csrfProtection from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Logger } from "pino";
import { installApiDocs } from "../api/v1/api-docs.ts";
import { apiRoutes } from "../api/v1/api-routes.ts";
import { callbackPolicyOf } from "../callbacks/own-endpoints.ts";
import type { Config } from "../config.ts";
import { connectionRoutes } from "../connections/connection-routes.ts";
import type { Database } from "../db/database.ts";
import type { DemoMode } from "../demo/start-demo.ts";
import { healthRoutes } from "../health/health-routes.ts";
import { redactUrl } from "../logging/create-logger.ts";
import { createOutbox } from "../mail/outbox.ts";
import { measureHttpRequests, metricsRoutes } from "../metrics/metrics-routes.ts";
import { webPortMetrics, withheldMetricsFix } from "../metrics/web-port-metrics.ts";
import { createProviders } from "../providers/registry.ts";
import { openVault } from "../vault/secret-keys.ts";
import type { Vault } from "../vault/vault.ts";
import { webPages } from "../web/web-pages.ts";
import { installErrorHandling } from "./error-handler.ts";
import { refuseDeepNesting } from "./refuse-deep-nesting.ts";
import { refuseNulCharacters } from "./refuse-nul-characters.ts";

export interface AppDependencies {
  config: Config;
  database: Database;
  logger: Logger;
  /** Opened from the config when not given. */
  vault?: Vault;
  /** Set in demo mode only: the banner, and one-click sign-in for the demo's people. */
  demo?: DemoMode | undefined;
}

export type App = FastifyInstance;

const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Which X-Forwarded-For hops `request.ip` may take the client address from
 * (CONFAB_TRUSTED_PROXIES); by default none, so a client cannot name its own address. Fastify
 * refuses a bare hop count, as it cannot check who sent the header; a count is for a proxy that
 * is the only way to reach confab, and is counted here.
 */
function trustProxyOf(trusted: Config["trustedProxies"]) {
  if (trusted === undefined) return false;
  if ("addresses" in trusted) return trusted.addresses;
  return (_address: string, hop: number) => hop < trusted.hops;
}

/** The web role's HTTP app. Tests use it through `inject` with no port; `web` listens. */
export async function buildApp({ config, database, logger, vault, demo }: AppDependencies) {
  const app: App = Fastify({
    // Plain pino; typed as Fastify's logger so plugins need not know the difference.
    loggerInstance: logger as FastifyBaseLogger,
    // A proxy's request id, when it looks like one, ties its logs to ours.
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && requestIdPattern.test(given) ? given : randomUUID();
    },
    trustProxy: trustProxyOf(config.trustedProxies),
    bodyLimit: 256 * 1024,
    // Sealed page cursors are path parameters longer than Fastify's default of 100 characters.
    routerOptions: { maxParamLength: 2048 },
    return503OnClosing: true,
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: "idle",
  });
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  // Fastify's own request log would print full URLs; OAuth callbacks carry codes in them.
  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: redactUrl(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      "request",
    );
  });
  measureHttpRequests(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      // Asking a browser on plain http://localhost to upgrade its requests breaks the page.
      directives: config.publicUrl.startsWith("https:")
        ? {}
        : { "upgrade-insecure-requests": null },
    },
    strictTransportSecurity: config.publicUrl.startsWith("https:"),
  });
  installErrorHandling(app, config.support);
  // Depth first: the NUL check walks no deeper than any body that passes it.
  refuseDeepNesting(app);
  refuseNulCharacters(app);
  await installApiDocs(app, config);
  await app.register(fastifyStatic, {
    root: path.join(import.meta.dirname, "../web/assets"),
    prefix: "/assets/",
  });
  // Browsers ask for /favicon.ico whatever the page links: the same icon, not a 404.
  app.get("/favicon.ico", { schema: { hide: true } }, (_request, reply) =>
    reply.type("image/svg+xml").sendFile("favicon.svg"),
  );
  await app.register(healthRoutes(database.db));
  // With a metrics port of its own, /metrics is served there only (src/runtime/start-confab.ts).
  const metricsHere = webPortMetrics(config);
  if (metricsHere === "served") {
    await app.register(metricsRoutes(database.db, config.metrics.token));
  } else if (metricsHere === "withheld") {
    logger.warn(
      { fix: withheldMetricsFix },
      "/metrics is not served: in production the web port serves it only with CONFAB_METRICS_TOKEN",
    );
  }
  const secure = config.publicUrl.startsWith("https:");
  await app.register(cookie);
  await app.register(formbody);
  await app.register(csrfProtection, {
    cookieKey: secure ? "__Host-confab_csrf" : "confab_csrf",
    cookieOpts: { path: "/", sameSite: "lax", httpOnly: true, secure },
  });
  const pageVault = vault ?? openVault(config);
  // One egress rule for pages and API alike (it lists this machine's interfaces once).
  const callbacks = callbackPolicyOf(config, database.connectionString);
  await app.register(
    webPages({
      config,
      db: database.db,
      vault: pageVault,
      outbox: createOutbox(config.mail, pageVault),
      secure,
      demo,
      callbacks,
    }),
  );
  await app.register(
    apiRoutes({
      config,
      db: database.db,
      vault: vault ?? openVault(config),
      providers: createProviders(config, database.db),
      callbacks,
    }),
  );
  await app.register(
    connectionRoutes({
      config,
      db: database.db,
      vault: vault ?? openVault(config),
      providers: createProviders(config, database.db),
    }),
  );
  return app;
}
