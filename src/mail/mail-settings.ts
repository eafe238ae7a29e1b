/**
 * How confab sends mail: through an SMTP server (`SMTP_URL`), or not at all when an operator
 * says so explicitly (`CONFAB_MAIL=off`). Without either, production refuses to start; elsewhere
 * mail is off until configured, and the demo runs its own SMTP server (src/demo/).
 */
export type MailSettings =
  | { mode: "smtp"; smtpUrl: string; from: string }
  | { mode: "off"; explicit: boolean; from: string };

type Environment = Record<string, string | undefined>;

export const mailConfigVariables = [
  [
    "SMTP_URL",
    "(unset: mail off; required in production)",
    "smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465",
  ],
  ["MAIL_FROM", "confab <no-reply@PUBLIC_URL's host>", "the From of every mail"],
  ["CONFAB_MAIL", "on", "off: send no mail at all (then production may run without SMTP_URL)"],
] as const;

export function readMailSettings(
  env: Environment,
  production: boolean,
  publicUrl: string,
  problems: string[],
): MailSettings {
  const from = readFrom(env, publicUrl, problems);
  const switchValue = (env.CONFAB_MAIL ?? "").trim();
  if (switchValue !== "" && switchValue !== "on" && switchValue !== "off") {
    problems.push(`CONFAB_MAIL must be on or off (got "${switchValue}")`);
  }
  const smtpUrl = (env.SMTP_URL ?? "").trim();
  if (switchValue === "off") {
    if (smtpUrl !== "") problems.push("SMTP_URL is set but CONFAB_MAIL=off: choose one");
    return { mode: "off", explicit: true, from };
  }
  if (smtpUrl === "") {
    if (production) {
      problems.push(
        "SMTP_URL is required when NODE_ENV=production: confab mails invitations, password resets and calendar invitations (set CONFAB_MAIL=off to run without mail)",
      );
    }
    return { mode: "off", explicit: false, from };
  }
  const problem = smtpUrlProblem(smtpUrl);
  if (problem) problems.push(problem);
  return { mode: "smtp", smtpUrl, from };
}

export function smtpUrlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new Error("scheme");
    if (url.hostname === "") throw new Error("host");
    if (url.pathname !== "" && url.pathname !== "/") throw new Error("path");
    return undefined;
  } catch {
    // The value may hold a password: the message names its shape, never the value.
    return "SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465";
  }
}

function readFrom(env: Environment, publicUrl: string, problems: string[]): string {
  const given = (env.MAIL_FROM ?? "").trim();
  if (given === "") {
    let host = "localhost";
    try {
      host = new URL(publicUrl).hostname || host;
    } catch {
      // PUBLIC_URL's own problem is reported on its own.
    }
    return `confab <no-reply@${host}>`;
  }
  const address = /<([^<>\s]+)>$/.exec(given)?.[1] ?? given;
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address) || /[\r\n]/.test(given)) {
    problems.push(
      `MAIL_FROM must be an address, like "confab <no-reply@example.com>" (got "${given}")`,
    );
  }
  return given;
}

/** The host part of Message-IDs: the instance's own name, so ids are unique to it. */
export function messageIdDomain(publicUrl: string): string {
  try {
    return new URL(publicUrl).hostname || "confab.invalid";
  } catch {
    return "confab.invalid";
  }
}
