/**
 * Optional persistence of the sandbox's state in one JSON file (../common/state-file.ts), so a
 * demo that restarts finds the tenants, users, apps, consents, tokens and Graph data it had: a
 * client holding tokens from before the restart goes on working, as it would against Microsoft.
 * Call logs, faults and sign-in sessions are not kept: they describe one run.
 */
import {
  createStateSaver as createSaver,
  loadStateFile as load,
  type StateSaver,
  sandboxStateFormat,
} from "../common/state-file.ts";
import type { SandboxContext } from "./sandbox-context.ts";

function stateFileFormat(context: SandboxContext) {
  return sandboxStateFormat<{ graph: unknown }>({
    owner: "microsoft sandbox",
    format: "microsoft-sandbox-state",
    state: context.state,
    clock: context.clock,
    // Graph's calendars, online meetings and subscriptions live beside the directory's maps.
    extra: {
      snapshot: () => ({ graph: context.graph?.snapshot() ?? null }),
      restore(saved) {
        if (saved.graph !== undefined && saved.graph !== null) context.graph?.restore(saved.graph);
      },
    },
  });
}

/** Loads the file into the context's state (and Graph's), if it exists. Returns whether it did. */
export function loadStateFile(file: string, context: SandboxContext): Promise<boolean> {
  return load(file, stateFileFormat(context));
}

export function createStateSaver(file: string, context: SandboxContext): StateSaver {
  return createSaver(file, stateFileFormat(context));
}
