import type { Config } from "../config.ts";
import type { Vault } from "../vault/vault.ts";
import { createOutbox, type Outbox } from "./outbox.ts";

/**
 * The outbox of a CLI command. A command only queues mail; a worker sends it. Beside the demo
 * (`npm start` on the same data folder) that worker has the demo's own SMTP server, which the
 * command cannot know, so there mail is queued although SMTP_URL is unset: it goes out as soon
 * as the demo runs.
 */
export function commandLineOutbox(config: Config, vault: Vault): Outbox {
  const demoSends = config.demo && config.mail.mode === "off" && !config.mail.explicit;
  return createOutbox(
    demoSends
      ? { mode: "smtp", smtpUrl: "smtp://demo.invalid", from: config.mail.from }
      : config.mail,
    vault,
  );
}
