/**
 * Optional persistence of the sandbox's state in one JSON file, so a demo that restarts finds the
 * tenants, users, apps, consents, tokens and Graph data it had: a client holding tokens from
 * before the restart goes on working, as it would against Microsoft. Call logs, faults and
 * sign-in sessions are not kept: they describe one run.
 */
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { SandboxContext } from "./sandbox-context.ts";

const format = "microsoft-sandbox-state";
const version = 1;

/** Changes close together are written once: a token exchange touches several maps at once. */
const SAVE_DELAY_MS = 50;

interface SavedState {
  format: typeof format;
  version: typeof version;
  clock_offset_ms: number;
  state: Record<string, [unknown, unknown][]>;
  graph: unknown;
}

/** Loads the file into the context's state (and Graph's), if it exists. Returns whether it did. */
export async function loadStateFile(file: string, context: SandboxContext): Promise<boolean> {
  if (!existsSync(file)) return false;
  const text = await fs.readFile(file, "utf8");
  let saved: SavedState;
  try {
    saved = JSON.parse(text) as SavedState;
  } catch {
    throw new Error(
      `microsoft sandbox: ${file} is not JSON; remove it to start from an empty sandbox`,
    );
  }
  if (saved?.format !== format || saved.version !== version || typeof saved.state !== "object") {
    throw new Error(
      `microsoft sandbox: ${file} is not a state file of this sandbox (version ${version}); remove it to start from an empty sandbox`,
    );
  }
  const maps = context.state as unknown as Record<string, Map<unknown, unknown>>;
  for (const [name, map] of Object.entries(maps)) {
    const entries = saved.state[name];
    if (Array.isArray(entries)) for (const [key, value] of entries) map.set(key, value);
  }
  if (saved.graph !== undefined && saved.graph !== null) context.graph?.restore(saved.graph);
  // The clock keeps whatever time travel happened before, so expiries stay where they were.
  const offset = Number(saved.clock_offset_ms) || 0;
  if (offset > 0) context.clock.advance(offset / 1000);
  return true;
}

export interface StateSaver {
  /** Something may have changed: write the state soon. */
  changed(): void;
  /** Writes now if anything is pending, and waits for every write in flight. */
  flush(): Promise<void>;
}

function snapshot(context: SandboxContext): SavedState {
  const maps = context.state as unknown as Record<string, Map<unknown, unknown>>;
  return {
    format,
    version,
    clock_offset_ms: Math.max(0, context.clock.now() - Date.now()),
    state: Object.fromEntries(Object.entries(maps).map(([name, map]) => [name, [...map]])),
    graph: context.graph?.snapshot() ?? null,
  };
}

/** Writes the state after changes, to a temporary file renamed over the old one (never torn). */
export function createStateSaver(file: string, context: SandboxContext): StateSaver {
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  let writing: Promise<void> = Promise.resolve();

  const write = () => {
    pending = false;
    const text = JSON.stringify(snapshot(context));
    writing = writing.then(async () => {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      // Tokens and client secrets are in it: readable by the owner only.
      await fs.writeFile(temporary, text, { mode: 0o600 });
      await fs.rename(temporary, file);
    });
    writing = writing.catch((error: unknown) => {
      console.error(`microsoft sandbox: could not save its state to ${file}:`, error);
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
