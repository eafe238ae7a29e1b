/**
 * Waiting for a message without polling: a waiter listens to the mailbox and settles the moment a
 * matching message is added, or fails after its timeout saying what it waited for and what came.
 */
import type { CaughtMessage } from "./caught-message.ts";
import type { Mailbox } from "./mailbox.ts";

export type MessageMatch = (message: CaughtMessage) => boolean;

export interface WaitOptions {
  /** Defaults to 10 000. */
  timeoutMs?: number;
  /** Named in the timeout's message; the predicate's source otherwise. */
  description?: string;
}

export interface Waiters {
  waitFor(match: MessageMatch, options?: WaitOptions): Promise<CaughtMessage>;
  /** Fails every pending wait: nothing can arrive any more. */
  abandonAll(reason: string): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const LISTED_ARRIVALS = 10;

export function createWaiters(mailbox: Mailbox): Waiters {
  const pending = new Set<(error: Error) => void>();

  return {
    waitFor(match, options = {}) {
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const description = options.description ?? describe(match);
      return new Promise<CaughtMessage>((resolve, reject) => {
        let found: CaughtMessage | undefined;
        try {
          found = mailbox.all().find(match);
        } catch (error) {
          reject(error);
          return;
        }
        if (found !== undefined) {
          resolve(found);
          return;
        }
        const settle = () => {
          clearTimeout(timer);
          stopListening();
          pending.delete(fail);
        };
        const fail = (error: Error) => {
          settle();
          reject(error);
        };
        const stopListening = mailbox.listen((message) => {
          let matches: boolean;
          try {
            matches = match(message);
          } catch (error) {
            fail(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          if (!matches) return;
          settle();
          resolve(message);
        });
        const timer = setTimeout(
          () =>
            fail(
              new Error(
                `mail sandbox: waited ${timeoutMs} ms for a message matching ${description}; ${arrivals(mailbox.all())}`,
              ),
            ),
          timeoutMs,
        );
        pending.add(fail);
      });
    },
    abandonAll(reason) {
      for (const fail of [...pending]) fail(new Error(`mail sandbox: ${reason}`));
    },
  };
}

function describe(match: MessageMatch): string {
  const source = match.toString().replace(/\s+/g, " ");
  return source.length > 200 ? `${source.slice(0, 200)}…` : source;
}

function arrivals(messages: CaughtMessage[]): string {
  if (messages.length === 0) return "no message arrived";
  const listed = messages
    .slice(-LISTED_ARRIVALS)
    .map(
      (message) =>
        `${message.id} to ${message.envelope.to.join(", ")} ${JSON.stringify(message.subject)}`,
    );
  const earlier = messages.length - listed.length;
  const count = `${messages.length} message${messages.length === 1 ? "" : "s"}`;
  return `${count} arrived${earlier > 0 ? ` (the last ${listed.length} listed)` : ""}: ${listed.join("; ")}`;
}
