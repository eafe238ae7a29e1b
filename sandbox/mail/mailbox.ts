/**
 * The caught messages, oldest first, and who wants to hear of new ones. Only the newest
 * `maxMessages` are kept, so a long-running demo does not grow without bound.
 */
import type { CaughtMessage } from "./caught-message.ts";

export type MessageListener = (message: CaughtMessage) => void;

export interface MailboxContents {
  /** The number the next id gets: ids are never reused, not even after `clear()`. */
  nextNumber: number;
  messages: CaughtMessage[];
}

export interface Mailbox {
  newId(): string;
  add(message: CaughtMessage): void;
  all(): CaughtMessage[];
  get(id: string): CaughtMessage | undefined;
  clear(): void;
  /** Calls `listener` with every message added from now on; returns the way to stop. */
  listen(listener: MessageListener): () => void;
  contents(): MailboxContents;
  restore(contents: MailboxContents): void;
  /** Called after every change, e.g. to save the state file. */
  onChange: (() => void) | undefined;
}

export function createMailbox(maxMessages: number): Mailbox {
  let messages: CaughtMessage[] = [];
  let nextNumber = 1;
  const listeners = new Set<MessageListener>();

  const mailbox: Mailbox = {
    onChange: undefined,
    newId: () => `msg_${nextNumber++}`,
    add(message) {
      messages.push(message);
      if (messages.length > maxMessages) messages = messages.slice(-maxMessages);
      mailbox.onChange?.();
      for (const listener of [...listeners]) {
        try {
          listener(message);
        } catch (error) {
          // One broken listener must not cost the sender its 250.
          console.error("mail sandbox: a message listener failed:", error);
        }
      }
    },
    all: () => [...messages],
    get: (id) => messages.find((message) => message.id === id),
    clear() {
      messages = [];
      mailbox.onChange?.();
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    contents: () => ({ nextNumber, messages: [...messages] }),
    restore(contents) {
      messages = contents.messages.slice(-maxMessages);
      nextNumber = contents.nextNumber;
    },
  };
  return mailbox;
}
