/**
 * The mail sandbox, embeddable: a real SMTP server on loopback that stands in for confab's mail
 * server, catching what is sent so tests and the demo inbox can read it, and failing on demand
 * as a mail server does. It imports nothing from confab.
 */
import { type CaughtMessage, readMessage } from "./caught-message.ts";
import { createFaults, type Refusal } from "./faults.ts";
import { startListener } from "./listener.ts";
import { createMailbox, type MessageListener } from "./mailbox.ts";
import { createReceiver } from "./smtp-receiver.ts";
import { createStateSaver, loadStateFile } from "./state-file.ts";
import { createWaiters, type MessageMatch, type WaitOptions } from "./wait-for.ts";

export type { CaughtAttachment, CaughtCalendar, CaughtMessage } from "./caught-message.ts";
export type { Refusal, SmtpReply } from "./faults.ts";
export type { MessageListener } from "./mailbox.ts";
export type { MessageMatch, WaitOptions } from "./wait-for.ts";

export interface MailSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /**
   * A JSON file to keep the messages in across restarts: loaded on start when it exists, written
   * soon after each message and on close. Without it the messages live in memory only.
   */
  stateFile?: string;
  /** Only the newest this many messages are kept. Defaults to 1000. */
  maxMessages?: number;
}

export interface MailSandbox {
  /** `smtp://127.0.0.1:<port>`: usable as nodemailer's transport URL, with or without user:pass@. */
  smtpUrl: string;
  host: string;
  port: number;
  /** True when the messages were loaded from `stateFile`. */
  restored: boolean;
  /** Oldest first. */
  messages(): CaughtMessage[];
  /** The messages whose envelope (RCPT TO) named this address, compared case-insensitively. */
  messagesTo(address: string): CaughtMessage[];
  message(id: string): CaughtMessage | undefined;
  /**
   * The first message, already caught or arriving later, that matches. Rejects after `timeoutMs`
   * (default 10 000) saying what it waited for and what did arrive.
   */
  waitFor(match: MessageMatch, options?: WaitOptions): Promise<CaughtMessage>;
  /** Calls `listener` with each message caught from now on (e.g. to refresh an inbox page). */
  onMessage(listener: MessageListener): () => void;
  clear(): void;
  faults: {
    /**
     * Refuses the next `times` (default 1) transactions with this reply: after DATA for the whole
     * message, or, with `recipient`, at RCPT TO for that address only. 4xx is temporary (a client
     * retries), 5xx permanent.
     */
    refuse(reply: Refusal): void;
    /** Stops listening (connections are refused, as by a server that is down) until `up()`. */
    down(): Promise<void>;
    /** Listens again, on the same port. */
    up(): Promise<void>;
    /** Holds the reply to DATA this long, as a slow server does. 0 ends it. */
    delayMs(ms: number): void;
    /** Ends refusals and delays (not `down()`). */
    clear(): void;
  };
  /** Transactions accepted (250 after DATA) and refusals answered, since the start. */
  stats(): { accepted: number; refused: number };
  close(): Promise<void>;
}

const DEFAULT_MAX_MESSAGES = 1000;

export async function startMailSandbox(options: MailSandboxOptions = {}): Promise<MailSandbox> {
  const maxMessages = options.maxMessages ?? DEFAULT_MAX_MESSAGES;
  if (!Number.isInteger(maxMessages) || maxMessages < 1) {
    throw new RangeError(`mail sandbox: maxMessages must be a whole number above 0`);
  }
  const mailbox = createMailbox(maxMessages);
  const restored = options.stateFile ? await loadStateFile(options.stateFile, mailbox) : false;
  const saver = options.stateFile ? createStateSaver(options.stateFile, mailbox) : undefined;
  mailbox.onChange = saver?.changed;
  const faults = createFaults();
  const waiters = createWaiters(mailbox);
  const receiver = createReceiver({
    faults,
    async catchMessage(raw, envelope) {
      const id = mailbox.newId();
      mailbox.add(await readMessage({ id, receivedAt: new Date(), envelope, raw }));
      return id;
    },
  });
  const listener = await startListener(
    receiver.server,
    options.host ?? "127.0.0.1",
    options.port ?? 0,
  );
  const urlHost = listener.host.includes(":") ? `[${listener.host}]` : listener.host;
  let closed = false;

  return {
    smtpUrl: `smtp://${urlHost}:${listener.port}`,
    host: listener.host,
    port: listener.port,
    restored,
    messages: () => mailbox.all(),
    messagesTo(address) {
      const wanted = address.toLowerCase();
      return mailbox.all().filter((message) => message.envelope.to.includes(wanted));
    },
    message: (id) => mailbox.get(id),
    waitFor: (match, waitOptions) => waiters.waitFor(match, waitOptions),
    onMessage: (messageListener) => mailbox.listen(messageListener),
    clear: () => mailbox.clear(),
    faults: {
      refuse: (reply) => faults.refuse(reply),
      down: () => listener.down(),
      async up() {
        if (closed) throw new Error("mail sandbox: closed; start a new one");
        await listener.up();
      },
      delayMs: (ms) => faults.delayMs(ms),
      clear: () => faults.clear(),
    },
    stats: () => receiver.stats(),
    async close() {
      if (closed) return;
      closed = true;
      waiters.abandonAll("closed before a matching message arrived");
      // Down first: a reply still held by delayMs then finds its connection gone, and its
      // message is not caught, as with a server stopped before it answered.
      await listener.down();
      receiver.releaseHeld();
      await saver?.flush();
    },
  };
}
