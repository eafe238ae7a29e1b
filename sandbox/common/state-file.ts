/**
 * Optional persistence of a sandbox's state in one JSON file, so a demo that restarts finds what
 * it had. What is kept, and how it is put back, is each sandbox's: it passes `snapshot` and
 * `restore` in. The file is written after changes, to a temporary file renamed over the old one
 * (never torn), and readable by its owner only.
 */
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Clock } from "./clock.ts";

/** Changes close together (a token exchange touches several maps at once) are written once. */
const SAVE_DELAY_MS = 50;

export interface StateFileFormat<Saved extends object> {
  /** Who speaks in the messages, e.g. "zoom sandbox". */
  owner: string;
  format: string;
  version: number;
  /** What a person gets by removing a file that cannot be read, e.g. "an empty sandbox". */
  startsFrom: string;
  /** What a failed write could not save, e.g. "its state". */
  contents: string;
  /** The saved contents besides `format` and `version`, read when a write starts. */
  snapshot(): Saved;
  /** Whether a file of the right format and version has what `restore` reads. */
  fits(saved: Saved): boolean;
  restore(saved: Saved): void;
}

type SavedFile<Saved> = Saved & { format: string; version: number };

/** Loads the file through `restore`, if the file exists. Returns whether it did. */
export async function loadStateFile<Saved extends object>(
  file: string,
  format: StateFileFormat<Saved>,
): Promise<boolean> {
  if (!existsSync(file)) return false;
  const text = await fs.readFile(file, "utf8");
  let saved: SavedFile<Saved>;
  try {
    saved = JSON.parse(text) as SavedFile<Saved>;
  } catch {
    throw new Error(
      `${format.owner}: ${file} is not JSON; remove it to start from ${format.startsFrom}`,
    );
  }
  if (saved?.format !== format.format || saved.version !== format.version || !format.fits(saved)) {
    throw new Error(
      `${format.owner}: ${file} is not a state file of this sandbox (version ${format.version}); remove it to start from ${format.startsFrom}`,
    );
  }
  format.restore(saved);
  return true;
}

export interface StateSaver {
  /** Something may have changed: write the state soon. */
  changed(): void;
  /** Writes now if anything is pending, and waits for every write in flight. */
  flush(): Promise<void>;
}

export function createStateSaver<Saved extends object>(
  file: string,
  format: StateFileFormat<Saved>,
): StateSaver {
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  let writing: Promise<void> = Promise.resolve();

  const write = () => {
    pending = false;
    const text = JSON.stringify({
      format: format.format,
      version: format.version,
      ...format.snapshot(),
    });
    writing = writing
      .then(async () => {
        await fs.mkdir(path.dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        // Tokens, client secrets and meeting links are in it: readable by the owner only.
        await fs.writeFile(temporary, text, { mode: 0o600 });
        await fs.rename(temporary, file);
      })
      .catch((error: unknown) => {
        console.error(`${format.owner}: could not save ${format.contents} to ${file}:`, error);
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

/** A state made of maps, as JSON holds it: each map's entries under the map's name. */
export type SavedMaps = Record<string, [unknown, unknown][]>;

/** The file of a sandbox whose state is named maps and a clock that may have been moved ahead. */
export interface SavedSandbox {
  clock_offset_ms: number;
  state: SavedMaps;
}

/**
 * The state file of a sandbox made of maps and a clock (Zoom's, Microsoft's), with whatever else
 * `extra` keeps beside them. Restoring puts the maps back first, then `extra`, then the clock,
 * which keeps whatever time travel happened before, so expiries stay where they were.
 */
export function sandboxStateFormat<Extra extends object = Record<never, never>>(input: {
  owner: string;
  format: string;
  state: object;
  clock: Clock;
  extra?: { snapshot(): Extra; restore(saved: Extra): void };
}): StateFileFormat<SavedSandbox & Extra> {
  const maps = input.state as Record<string, Map<unknown, unknown>>;
  return {
    owner: input.owner,
    format: input.format,
    version: 1,
    startsFrom: "an empty sandbox",
    contents: "its state",
    snapshot: () => ({
      clock_offset_ms: Math.max(0, input.clock.now() - Date.now()),
      state: Object.fromEntries(Object.entries(maps).map(([name, map]) => [name, [...map]])),
      ...(input.extra?.snapshot() as Extra),
    }),
    fits: (saved) => typeof saved.state === "object",
    restore(saved) {
      for (const [name, map] of Object.entries(maps)) {
        const entries = saved.state[name];
        if (Array.isArray(entries)) for (const [key, value] of entries) map.set(key, value);
      }
      input.extra?.restore(saved);
      const offset = Number(saved.clock_offset_ms) || 0;
      if (offset > 0) input.clock.advance(offset / 1000);
    },
  };
}
