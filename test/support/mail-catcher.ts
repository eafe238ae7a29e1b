import { type MailSandbox, startMailSandbox } from "../../sandbox/mail/index.ts";
import { cleanup } from "./cleanup.ts";

let running: Promise<MailSandbox> | undefined;

/**
 * The SMTP server this test file's confab sends to: the mail sandbox on a free loopback port,
 * one per file, closed when the file's tests are done. Every mail crosses real SMTP to it.
 */
export function useMailCatcher(): Promise<MailSandbox> {
  if (!running) {
    running = startMailSandbox({ port: 0 });
    cleanup(async () => (await running)?.close());
  }
  return running;
}

/** The link a mail carries to confab (its first http(s) URL under the given path). */
export function linkIn(text: string | undefined, path: string): string {
  const match = new RegExp(`https?://[^\\s"<>]+${path.replace(/[/?]/g, "\\$&")}[^\\s"<>]*`).exec(
    text ?? "",
  );
  if (!match) throw new Error(`no link to ${path} in the mail:\n${text}`);
  return match[0];
}
