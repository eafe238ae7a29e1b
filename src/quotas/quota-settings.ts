import type { ApiRateLimits } from "./api-rate-limits.ts";

/** How much of confab one application may use: request rates and sizes of what it keeps. */
export interface QuotaSettings {
  rates: ApiRateLimits;
  calendarsPerApplication: number;
  eventsPerCalendar: number;
}

/** Fixed rules that need no setting: grants per calendar, and how long an unused one lives. */
export const grantRules = {
  /** Live grants one calendar may hold; a newer one ends the oldest after `graceMinutes`. */
  livePerCalendar: 5,
  graceMinutes: 10,
  /** A grant whose refresh token is not used for this long ends. */
  unusedDays: 90,
};

type Environment = Record<string, string | undefined>;

export const quotaConfigVariables = [
  [
    "CONFAB_API_RATE",
    "50/s,500/min",
    "requests one application may make to the API, per second and per minute (429 with Retry-After beyond)",
  ],
  [
    "CONFAB_API_CALENDAR_RATE",
    "20/s,200/min",
    "requests the tokens of one application calendar may make, per second and per minute",
  ],
  [
    "CONFAB_MAX_CALENDARS_PER_APPLICATION",
    "10000",
    "application calendars one application may create",
  ],
  [
    "CONFAB_MAX_EVENTS_PER_CALENDAR",
    "5000",
    "events (not deleted) one application calendar may hold",
  ],
] as const;

export function readQuotaSettings(env: Environment, problems: string[]): QuotaSettings {
  return {
    rates: {
      application: readRate(env, "CONFAB_API_RATE", { perSecond: 50, perMinute: 500 }, problems),
      calendar: readRate(
        env,
        "CONFAB_API_CALENDAR_RATE",
        { perSecond: 20, perMinute: 200 },
        problems,
      ),
    },
    calendarsPerApplication: readCount(
      env,
      "CONFAB_MAX_CALENDARS_PER_APPLICATION",
      10_000,
      problems,
    ),
    eventsPerCalendar: readCount(env, "CONFAB_MAX_EVENTS_PER_CALENDAR", 5000, problems),
  };
}

function readRate(
  env: Environment,
  name: string,
  fallback: { perSecond: number; perMinute: number },
  problems: string[],
) {
  const raw = (env[name] ?? "").trim();
  if (raw === "") return fallback;
  const match = /^(\d+)\/s\s*,\s*(\d+)\/min$/.exec(raw);
  const perSecond = Number(match?.[1]);
  const perMinute = Number(match?.[2]);
  if (!match || perSecond < 1 || perMinute < perSecond) {
    problems.push(
      `${name} must look like 50/s,500/min: at least 1 a second, and no fewer a minute than a second (got "${raw}")`,
    );
    return fallback;
  }
  return { perSecond, perMinute };
}

function readCount(env: Environment, name: string, fallback: number, problems: string[]) {
  const raw = (env[name] ?? "").trim();
  if (raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 10_000_000) {
    problems.push(`${name} must be a whole number from 1 to 10000000 (got "${raw}")`);
    return fallback;
  }
  return value;
}
