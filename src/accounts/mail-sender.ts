export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * How confab would send mail. No mail leaves an instance today, so every link that would be
 * mailed (an invitation) is also shown to the person who asked for it; an SMTP sender configured
 * later implements this and reports `delivered: true`.
 */
export interface MailSender {
  send(mail: Mail): Promise<{ delivered: boolean }>;
}

export const noMailSender: MailSender = {
  send: async () => ({ delivered: false }),
};
