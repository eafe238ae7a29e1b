/**
 * Optional persistence of the sandbox's state in one JSON file (../common/state-file.ts), so a
 * demo that restarts finds the users, apps, grants, tokens and meetings it had: a client holding
 * tokens from before the restart goes on working, as it would against Zoom. Call logs, faults,
 * rate-limit counters and webhook retries are not kept: they describe one run.
 */
import {
  createStateSaver as createSaver,
  loadStateFile as load,
  type StateSaver,
  sandboxStateFormat,
} from "../common/state-file.ts";
import type { SandboxContext } from "./sandbox-context.ts";

function stateFileFormat(context: SandboxContext) {
  return sandboxStateFormat({
    owner: "zoom sandbox",
    format: "zoom-sandbox-state",
    state: context.state,
    clock: context.clock,
  });
}

/** Loads the file into the context's state, if the file exists. Returns whether it did. */
export function loadStateFile(file: string, context: SandboxContext): Promise<boolean> {
  return load(file, stateFileFormat(context));
}

export function createStateSaver(file: string, context: SandboxContext): StateSaver {
  return createSaver(file, stateFileFormat(context));
}
