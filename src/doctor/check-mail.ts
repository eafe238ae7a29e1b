import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Schema } from "../db/schema.ts";
import { smtpSessionProblem } from "../mail/smtp-transport.ts";
import { type CheckResult, passed, problem } from "./doctor-check.ts";

/**
 * Mail reaches people: SMTP_URL names a server that greets and accepts confab's login, and no
 * message has failed for good lately. Nothing is sent: the SMTP session ends before MAIL FROM.
 */
export async function checkMail(
  config: Config,
  db: Kysely<Schema> | undefined,
): Promise<CheckResult> {
  const mail = config.mail;
  if (mail.mode === "off") {
    return problem(
      "mail",
      "warn",
      mail.explicit
        ? "mail is off (CONFAB_MAIL=off): invitations, password resets and calendar invitations are not sent"
        : "mail is off: SMTP_URL is not set, so invitations, password resets and calendar invitations are not sent",
      "set SMTP_URL to your mail server, like smtp://user:password@smtp.example.com:587",
    );
  }
  const reason = await smtpSessionProblem(mail);
  if (reason !== undefined) {
    return problem(
      "mail",
      "fail",
      `the SMTP server in SMTP_URL did not accept a session: ${reason}`,
      "check SMTP_URL's host, port and credentials, and that this machine may reach the server",
    );
  }
  if (db) {
    const failed = await db
      .selectFrom("outbox_messages")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "failed")
      .where("created_at", ">", new Date(Date.now() - 24 * 60 * 60 * 1000))
      .executeTakeFirstOrThrow();
    if (Number(failed.n) > 0) {
      return problem(
        "mail",
        "warn",
        `${failed.n} mail(s) failed for good in the last 24 hours (refused by the server, or out of retries)`,
        "look at Operator → Mail for each reason",
      );
    }
  }
  return passed("mail", "the SMTP server in SMTP_URL accepts confab's session");
}
