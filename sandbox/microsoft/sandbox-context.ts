/** What every route of one running sandbox shares. */
import { createCallLog } from "../common/call-log.ts";
import { type Clock, createClock } from "../common/clock.ts";
import { createFaults } from "../common/faults.ts";
import type { Call, CallLog } from "./call-log.ts";
import type { FaultSpec, Faults } from "./faults.ts";
import type { GraphState } from "./graph/graph-routes.ts";
import { createState, type SandboxState } from "./state.ts";

export interface SandboxSettings {
  /** Microsoft gives 60–90 minutes at random; one fixed value keeps tests exact. */
  accessTokenLifetimeSeconds: number;
  /** "Authorization codes are short lived. Typically, they expire after about 10 minutes." */
  authorizationCodeLifetimeSeconds: number;
  /** 90 days for everything but single-page apps (refresh-tokens page). */
  refreshTokenLifetimeSeconds: number;
}

export const DEFAULT_SETTINGS: SandboxSettings = {
  accessTokenLifetimeSeconds: 3600,
  authorizationCodeLifetimeSeconds: 600,
  refreshTokenLifetimeSeconds: 90 * 24 * 3600,
};

export interface SandboxContext {
  state: SandboxState;
  clock: Clock;
  settings: SandboxSettings;
  calls: CallLog;
  faults: Faults;
  /** The calendar, online-meeting and subscription state; set when the server registers Graph. */
  graph: GraphState | undefined;
  /** Known once the server listens; issuers and pages are built from it. */
  baseUrl: string;
  /** Told after every request that may have changed the state (persistence listens). */
  onStateChange?: () => void;
}

export function createSandboxContext(settings: Partial<SandboxSettings> = {}): SandboxContext {
  return {
    state: createState(),
    clock: createClock(),
    settings: { ...DEFAULT_SETTINGS, ...settings },
    calls: createCallLog<Call>(),
    faults: createFaults<FaultSpec>(),
    graph: undefined,
    baseUrl: "",
  };
}
