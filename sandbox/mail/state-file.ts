/**
 * Optional persistence of the caught messages in one JSON file (../common/state-file.ts), so the
 * demo inbox still shows the invitations sent before a restart. Faults and counters describe one
 * run and are not kept.
 */
import {
  createStateSaver as createSaver,
  loadStateFile as load,
  type StateFileFormat,
  type StateSaver,
} from "../common/state-file.ts";
import type { CaughtMessage } from "./caught-message.ts";
import type { Mailbox } from "./mailbox.ts";

interface SavedState {
  next_number: number;
  messages: unknown[];
}

function stateFileFormat(mailbox: Mailbox): StateFileFormat<SavedState> {
  return {
    owner: "mail sandbox",
    format: "mail-sandbox-state",
    version: 1,
    startsFrom: "an empty mailbox",
    contents: "its messages",
    snapshot() {
      const contents = mailbox.contents();
      return { next_number: contents.nextNumber, messages: contents.messages };
    },
    fits: (saved) => Array.isArray(saved.messages) && Number.isInteger(saved.next_number),
    restore(saved) {
      mailbox.restore({
        nextNumber: saved.next_number,
        messages: (saved.messages as CaughtMessage[]).map(revive),
      });
    },
  };
}

/** Loads the file into the mailbox, if the file exists. Returns whether it did. */
export function loadStateFile(file: string, mailbox: Mailbox): Promise<boolean> {
  return load(file, stateFileFormat(mailbox));
}

/** JSON drops properties that are undefined; a restored message has the same keys as a new one. */
function revive(message: CaughtMessage): CaughtMessage {
  return {
    ...message,
    messageId: message.messageId ?? undefined,
    text: message.text ?? undefined,
    html: message.html ?? undefined,
    attachments: message.attachments.map((attachment) => ({
      ...attachment,
      filename: attachment.filename ?? undefined,
    })),
    calendars: message.calendars.map((calendar) => ({
      ...calendar,
      method: calendar.method ?? undefined,
    })),
  };
}

/** Writes the mailbox after changes. */
export function createStateSaver(file: string, mailbox: Mailbox): StateSaver {
  return createSaver(file, stateFileFormat(mailbox));
}
