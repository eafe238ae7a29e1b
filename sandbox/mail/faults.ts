/**
 * Failures a real mail server produces, injected by tests: a refusal with an SMTP reply (RFC 5321
 * section 4.2: 4xx asks the client to try again later, 5xx tells it not to), and a slow answer to
 * DATA. Being down altogether is the listener's business (see `listener.ts`).
 */

export interface SmtpReply {
  code: number;
  /** The reply text, enhanced status code (RFC 3463) included, e.g. "4.3.0 try again later". */
  message: string;
}

export interface Refusal extends SmtpReply {
  /** How many transactions (or, with `recipient`, RCPT commands) to refuse. Defaults to 1. */
  times?: number;
  /** Refuse only this recipient, at RCPT TO; without it the whole message is refused after DATA. */
  recipient?: string;
}

export interface Faults {
  refuse(reply: Refusal): void;
  delayMs(ms: number): void;
  clear(): void;
  /** The refusal for this RCPT TO address, using one of its times up, if there is one. */
  takeRecipientRefusal(address: string): SmtpReply | undefined;
  /** The refusal for a whole message at the end of DATA, using one of its times up. */
  takeMessageRefusal(): SmtpReply | undefined;
  /** How long to hold the reply to DATA. */
  dataDelayMs(): number;
}

interface ActiveRefusal extends SmtpReply {
  remaining: number;
  recipient: string | undefined;
}

export function createFaults(): Faults {
  let refusals: ActiveRefusal[] = [];
  let delay = 0;

  const take = (recipient: string | undefined): SmtpReply | undefined => {
    const refusal = refusals.find(
      (candidate) => candidate.remaining > 0 && candidate.recipient === recipient,
    );
    if (refusal === undefined) return undefined;
    refusal.remaining--;
    refusals = refusals.filter((candidate) => candidate.remaining > 0);
    return { code: refusal.code, message: refusal.message };
  };

  return {
    refuse(reply) {
      // A 2xx or 3xx "refusal" is not one, and smtp-server would send whatever it is given.
      if (!Number.isInteger(reply.code) || reply.code < 400 || reply.code > 599) {
        throw new RangeError(`mail sandbox: a refusal needs a 4xx or 5xx code, not ${reply.code}`);
      }
      const times = reply.times ?? 1;
      if (!Number.isInteger(times) || times < 1) {
        throw new RangeError(`mail sandbox: times must be a whole number above 0, not ${times}`);
      }
      refusals.push({
        code: reply.code,
        message: reply.message,
        remaining: times,
        recipient: reply.recipient?.toLowerCase(),
      });
    },
    delayMs(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`mail sandbox: a delay must be 0 ms or more, not ${ms}`);
      }
      delay = ms;
    },
    clear() {
      refusals = [];
      delay = 0;
    },
    takeRecipientRefusal: (address) => take(address.toLowerCase()),
    takeMessageRefusal: () => take(undefined),
    dataDelayMs: () => delay,
  };
}
