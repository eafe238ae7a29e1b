import type { Logger } from "pino";
import type { MailSettings } from "./mail-settings.ts";
import { smtpSessionProblem } from "./smtp-transport.ts";

/**
 * Greets the SMTP server once when a worker starts, so a wrong SMTP_URL is named in the log at
 * once rather than at the first mail's retries. It does not hold the start up: mail waits in the
 * outbox until the server takes it, and the server may well come up after confab.
 */
export async function checkSmtpAtStart(settings: MailSettings, logger: Logger): Promise<void> {
  if (settings.mode !== "smtp") return;
  const reason = await smtpSessionProblem(settings);
  if (reason === undefined) {
    logger.info("mail: the SMTP server in SMTP_URL accepts confab's session");
  } else {
    logger.error(
      { reason },
      "mail: the SMTP server in SMTP_URL did not accept a session; mail waits in the outbox until it does (check SMTP_URL, or run confab doctor)",
    );
  }
}
