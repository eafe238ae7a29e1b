import net from "node:net";
import type { Logger } from "pino";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { type Roles, startConfab } from "../../src/runtime/start-confab.ts";
import { generateSecretKey } from "../../src/vault/vault.ts";
import { cleanup } from "./cleanup.ts";
import { useMailCatcher } from "./mail-catcher.ts";
import { useTestDatabase } from "./test-database.ts";

/**
 * confab as `npm start` runs it (same composition, real HTTP on a free port) on a database of
 * this test file's own, mailing through SMTP to the file's mail catcher (unless `env` says
 * otherwise), with callbacks allowed to loopback. Stopped when the file's tests are done.
 */
export async function startTestApp(
  roles: Roles = { web: true, worker: true },
  options: { port?: number; env?: Record<string, string>; logger?: Logger } = {},
) {
  const database = await useTestDatabase();
  const port = options.port ?? (await freePort());
  const mailGiven = options.env?.SMTP_URL !== undefined || options.env?.CONFAB_MAIL !== undefined;
  const mail = mailGiven ? undefined : await useMailCatcher();
  const config = loadConfig({
    ...(mail ? { SMTP_URL: mail.smtpUrl } : {}),
    DATABASE_URL: database.connectionString,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    CONFAB_SECRET_KEY: generateSecretKey(),
    LOG_LEVEL: "silent",
    // Test receivers of push notifications listen on loopback over http, which production
    // refuses: allowed here only through the operator's setting, as an operator would.
    CONFAB_CALLBACK_ALLOW: "127.0.0.1",
    CONFAB_CALLBACK_HTTP: "on",
    ...options.env,
  });
  const running = await startConfab(config, options.logger ?? createLogger("silent"), roles);
  cleanup(() => running.stop());
  return { ...running, url: `http://127.0.0.1:${port}`, config, testDatabase: database, mail };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
