/**
 * Optional persistence of the caught messages in one JSON file, so the demo inbox still shows the
 * invitations sent before a restart. Faults and counters describe one run and are not kept.
 */
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { CaughtMessage } from "./caught-message.ts";
import type { Mailbox } from "./mailbox.ts";

const format = "mail-sandbox-state";
const version = 1;

/** Messages arriving close together (an invitation to ten attendees) are written once. */
const SAVE_DELAY_MS = 50;

interface SavedState {
  format: typeof format;
  version: typeof version;
  next_number: number;
  messages: unknown[];
}

/** Loads the file into the mailbox, if the file exists. Returns whether it did. */
export async function loadStateFile(file: string, mailbox: Mailbox): Promise<boolean> {
  if (!existsSync(file)) return false;
  const text = await fs.readFile(file, "utf8");
  let saved: SavedState;
  try {
    saved = JSON.parse(text) as SavedState;
  } catch {
    throw new Error(`mail sandbox: ${file} is not JSON; remove it to start from an empty mailbox`);
  }
  if (
    saved?.format !== format ||
    saved.version !== version ||
    !Array.isArray(saved.messages) ||
    !Number.isInteger(saved.next_number)
  ) {
    throw new Error(
      `mail sandbox: ${file} is not a state file of this sandbox (version ${version}); remove it to start from an empty mailbox`,
    );
  }
  mailbox.restore({
    nextNumber: saved.next_number,
    messages: (saved.messages as CaughtMessage[]).map(revive),
  });
  return true;
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

export interface StateSaver {
  /** Something changed: write the file soon. */
  changed(): void;
  /** Writes now if anything is pending, and waits for every write in flight. */
  flush(): Promise<void>;
}

/** Writes the mailbox after changes, to a temporary file renamed over the old one (never torn). */
export function createStateSaver(file: string, mailbox: Mailbox): StateSaver {
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  let writing: Promise<void> = Promise.resolve();

  const write = () => {
    pending = false;
    const contents = mailbox.contents();
    const saved: SavedState = {
      format,
      version,
      next_number: contents.nextNumber,
      messages: contents.messages,
    };
    const text = JSON.stringify(saved);
    writing = writing
      .then(async () => {
        await fs.mkdir(path.dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        // Mail carries meeting links and passcodes: readable by the owner only.
        await fs.writeFile(temporary, text, { mode: 0o600 });
        await fs.rename(temporary, file);
      })
      .catch((error: unknown) => {
        console.error(`mail sandbox: could not save its messages to ${file}:`, error);
      });
  };

  return {
    changed() {
      pending = true;
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        write();
      }, SAVE_DELAY_MS);
    },
    async flush() {
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (pending) write();
      await writing;
    },
  };
}
