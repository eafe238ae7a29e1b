/** What every route of one running sandbox shares. */
import { createCallLog } from "../common/call-log.ts";
import { type Clock, createClock } from "../common/clock.ts";
import { createFaults } from "../common/faults.ts";
import type { Call, CallLog } from "./call-log.ts";
import type { FaultSpec, Faults } from "./faults.ts";
import { createRateLimits, type RateLimits } from "./rate-limits.ts";
import { createState, type SandboxState } from "./state.ts";
import { createWebhookSender, type WebhookSender } from "./webhooks/send-webhook.ts";

export interface SandboxSettings {
  accessTokenLifetimeSeconds: number;
  authorizationCodeLifetimeSeconds: number;
  /** Zoom does not document it consistently (zoom.md item 4), so it is configurable. */
  refreshTokenLifetimeSeconds: number;
  pageTokenLifetimeSeconds: number;
}

export const DEFAULT_SETTINGS: SandboxSettings = {
  accessTokenLifetimeSeconds: 3600,
  authorizationCodeLifetimeSeconds: 300,
  refreshTokenLifetimeSeconds: 90 * 24 * 3600,
  pageTokenLifetimeSeconds: 15 * 60,
};

export interface SandboxContext {
  state: SandboxState;
  clock: Clock;
  settings: SandboxSettings;
  calls: CallLog;
  faults: Faults;
  limits: RateLimits;
  webhooks: WebhookSender;
  /** Known once the server listens; start and join links are built from it. */
  baseUrl: string;
  /** Told after every request that may have changed the state (persistence listens). */
  onStateChange?: () => void;
}

export function createSandboxContext(settings: Partial<SandboxSettings> = {}): SandboxContext {
  const clock = createClock();
  return {
    state: createState(),
    clock,
    settings: { ...DEFAULT_SETTINGS, ...settings },
    calls: createCallLog<Call>(),
    faults: createFaults<FaultSpec>(),
    limits: createRateLimits(clock),
    webhooks: createWebhookSender(clock),
    baseUrl: "",
  };
}
