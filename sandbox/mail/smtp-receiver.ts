/**
 * The SMTP side: an smtp-server that accepts any sender, any recipient and any credentials, and
 * answers each step the way the faults say. A message is caught just before its 250 is sent, and
 * only then, so when the sender's `sendMail` resolves the message is already readable.
 */
import {
  SMTPServer,
  type SMTPServerDataStream,
  type SMTPServerError,
  type SMTPServerSession,
} from "smtp-server";
import type { Faults, SmtpReply } from "./faults.ts";

/** Far above any invitation; below it, SIZE (RFC 1870) tells clients the limit before DATA. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export interface Envelope {
  from: string;
  to: string[];
}

export interface ReceiverHooks {
  faults: Faults;
  /** Parses and keeps the message; resolves with its id. */
  catchMessage(raw: Buffer, envelope: Envelope): Promise<string>;
}

export interface Receiver {
  server: SMTPServer;
  stats(): { accepted: number; refused: number };
  /** Ends every delayed DATA reply now (the sandbox is closing): nothing more is caught. */
  releaseHeld(): void;
}

export function createReceiver(hooks: ReceiverHooks): Receiver {
  const stats = { accepted: 0, refused: 0 };
  const held = new Set<() => void>();

  const refuse = (reply: SmtpReply): SMTPServerError => {
    stats.refused++;
    return Object.assign(new Error(reply.message), { responseCode: reply.code });
  };

  const hold = (ms: number) =>
    new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        held.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      held.add(release);
    });

  const server: SMTPServer = new SMTPServer({
    name: "localhost",
    banner: "confab mail sandbox: mail is caught here and never delivered",
    size: MAX_MESSAGE_BYTES,
    // Loopback only and no certificate: without STARTTLS on offer nodemailer stays in plain text
    // (it upgrades only when the server advertises it, or when told requireTLS).
    disabledCommands: ["STARTTLS"],
    // Credentials in the transport URL are accepted, whatever they are.
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "sandbox" });
    },
    onRcptTo(address, _session, callback) {
      const refusal = hooks.faults.takeRecipientRefusal(address.address);
      callback(refusal === undefined ? null : refuse(refusal));
    },
    onData(stream, session, callback) {
      void receive(stream, session).then(
        (reply) => (typeof reply === "string" ? callback(null, reply) : callback(reply)),
        (error: unknown) => {
          // A client that left in the middle of DATA was refused nothing: there is no one to tell.
          if (!connected(session)) return callback(connectionLost());
          callback(
            refuse({
              code: 451,
              message: `4.3.0 the sandbox could not read the message: ${String(error)}`,
            }),
          );
        },
      );
    },
  });
  // Clients resetting their connections surface here; they are the client's business, and an
  // 'error' nobody listens to would end the process.
  server.on("error", () => {});

  /** What onData answers when the reply can reach no one; smtp-server needs an answer anyway. */
  const connectionLost = (): SMTPServerError =>
    Object.assign(new Error("4.4.2 connection lost before the reply"), { responseCode: 421 });

  const connected = (session: SMTPServerSession) =>
    [...server.connections].some((connection) => connection.session === session);

  async function receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
  ): Promise<string | SMTPServerError> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
      if (!stream.sizeExceeded) chunks.push(chunk as Buffer);
    }
    // Read before replying: smtp-server resets the envelope for the next transaction.
    const mailFrom = session.envelope.mailFrom;
    const envelope: Envelope = {
      from: mailFrom === false ? "" : mailFrom.address.toLowerCase(),
      to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
    };
    if (stream.sizeExceeded) {
      return refuse({
        code: 552,
        message: `5.3.4 message exceeds the fixed maximum size of ${MAX_MESSAGE_BYTES} bytes`,
      });
    }
    const refusal = hooks.faults.takeMessageRefusal();
    if (refusal !== undefined) return refuse(refusal);
    const delay = hooks.faults.dataDelayMs();
    if (delay > 0) await hold(delay);
    // A client that gave up (or a sandbox that went down) during the delay never got a 250:
    // as far as the sender knows the message was not delivered, so it is not caught.
    if (!connected(session)) return connectionLost();
    const id = await hooks.catchMessage(Buffer.concat(chunks), envelope);
    stats.accepted++;
    return `Ok: caught as ${id}`;
  }

  return {
    server,
    stats: () => ({ ...stats }),
    releaseHeld() {
      for (const release of [...held]) release();
    },
  };
}
