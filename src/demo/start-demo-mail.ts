import path from "node:path";
import type { Logger } from "pino";
import { type MailSandbox, startMailSandbox } from "../../sandbox/mail/index.ts";
import type { Config } from "../config.ts";
import type { MailSettings } from "../mail/mail-settings.ts";

export interface DemoMail {
  /** The demo's own SMTP server, read by the Demo inbox page. */
  sandbox: MailSandbox;
  /** config.mail, pointed at that server: every demo mail really crosses SMTP. */
  settings: MailSettings;
  close(): Promise<void>;
}

/**
 * The demo's mail server: the mail sandbox on a free loopback port, in this process, keeping
 * what it caught in the data folder so the Demo inbox survives a restart.
 */
export async function startDemoMail(config: Config, logger: Logger): Promise<DemoMail> {
  const sandbox = await startMailSandbox({
    port: 0,
    stateFile: path.join(config.dataDir, "mail-sandbox.json"),
  });
  logger.info({ smtp: sandbox.smtpUrl, restored: sandbox.restored }, "demo: mail sandbox started");
  return {
    sandbox,
    settings: { mode: "smtp", smtpUrl: sandbox.smtpUrl, from: config.mail.from },
    close: () => sandbox.close(),
  };
}
