import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { MailSandbox } from "../../sandbox/mail/index.ts";
import type { Config } from "../config.ts";
import type { Schema } from "../db/schema.ts";
import type { Vault } from "../vault/vault.ts";
import { type DemoData, seedDemoData } from "./seed-demo-data.ts";
import { type DemoMail, startDemoMail } from "./start-demo-mail.ts";
import { type DemoMicrosoft, startDemoMicrosoft } from "./start-demo-microsoft.ts";
import { type DemoZoom, startDemoZoom } from "./start-demo-zoom.ts";

/** What pages need to know about the demo: that it is on, and which Zoom and Microsoft are in use. */
export interface DemoMode {
  /** The Zoom sandbox confab talks to; undefined when ZOOM_* point somewhere else. */
  zoomSandboxUrl: string | undefined;
  /** The Microsoft sandbox confab talks to; undefined when MICROSOFT_* point somewhere else. */
  microsoftSandboxUrl: string | undefined;
  /** The demo's SMTP server, behind the Demo inbox; undefined when SMTP_URL points elsewhere. */
  mailbox: MailSandbox | undefined;
}

export interface Demo {
  /** The configuration to run with: Zoom and Microsoft pointed at the sandboxes the demo started. */
  config: Config;
  mode: DemoMode;
  /** Makes the demo data unless it is there already (once the database is migrated). */
  seed(db: Kysely<Schema>, vault: Vault): Promise<DemoData>;
  /** Once confab listens: tells the sandbox where confab's redirect and webhook URLs are. */
  afterListen(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The demo of `npm start`. Without ZOOM_* it runs the Zoom sandbox in this process and points
 * confab at it; when ZOOM_* are given they are used as given, and only confab's side is seeded.
 * The same goes for Microsoft Teams and the MICROSOFT_* apps. Without SMTP_URL (and unless mail
 * is off on purpose) it runs a mail server of its own too.
 */
export async function startDemo(config: Config, logger: Logger): Promise<Demo> {
  const zoomGiven = config.zoom.userApp !== undefined || config.zoom.orgApp !== undefined;
  const zoom: DemoZoom | undefined = zoomGiven ? undefined : await startDemoZoom(config, logger);
  const microsoftGiven =
    config.microsoft.userApp !== undefined || config.microsoft.orgApp !== undefined;
  const mailGiven = config.mail.mode === "smtp" || config.mail.explicit;
  let microsoft: DemoMicrosoft | undefined;
  let mail: DemoMail | undefined;
  try {
    microsoft = microsoftGiven ? undefined : await startDemoMicrosoft(config, logger);
    mail = mailGiven ? undefined : await startDemoMail(config, logger);
  } catch (error) {
    await microsoft?.close();
    await zoom?.close();
    throw error;
  }
  const demoConfig = {
    ...config,
    ...(zoom ? { zoom: zoom.settings } : {}),
    ...(microsoft ? { microsoft: microsoft.settings } : {}),
    ...(mail ? { mail: mail.settings } : {}),
  };
  return {
    config: demoConfig,
    mode: {
      zoomSandboxUrl: zoom?.url,
      microsoftSandboxUrl: microsoft?.url,
      mailbox: mail?.sandbox,
    },
    async seed(db, vault) {
      const data = await seedDemoData(db, vault, { publicUrl: config.publicUrl });
      logger.info(
        {
          seeded: data.seeded,
          zoomSandbox: zoom?.url,
          zoomSandboxRestored: zoom?.restored,
          microsoftSandbox: microsoft?.url,
          microsoftSandboxRestored: microsoft?.restored,
        },
        data.seeded ? "demo: data made" : "demo: data already there",
      );
      return data;
    },
    afterListen: async () => zoom?.registerUrls(),
    close: async () => {
      await zoom?.close();
      await microsoft?.close();
      await mail?.close();
    },
  };
}
