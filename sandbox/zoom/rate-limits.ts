/**
 * Zoom's rate limits (zoom.md items 19–21): per account and second by plan and
 * category, a daily cap per category on free plans, and 100 meeting
 * creates/updates per host user per UTC day.
 */

import type { Clock } from "../common/clock.ts";
import { ZoomApiError } from "./api/zoom-error.ts";
import { startOfNextUtcDay, utcDay, zoomTime } from "./clock.ts";
import type { Plan } from "./state.ts";

export type Category = "Light" | "Medium" | "Heavy";

const PER_SECOND: Record<Category, Record<Plan, number>> = {
  Light: { free: 4, pro: 30, business: 80 },
  Medium: { free: 2, pro: 20, business: 60 },
  Heavy: { free: 1, pro: 10, business: 40 },
};

/** Free accounts also have a daily cap per category, from Zoom's published rate-limit table. */
const FREE_PER_DAY: Record<Category, number> = { Light: 6000, Medium: 2000, Heavy: 1000 };

export const HOST_DAILY_MEETING_WRITES = 100;

export const HOST_DAILY_LIMIT_MESSAGE =
  "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.";

export interface RateLimits {
  /** Counts one request of an account; throws the 429 Zoom would answer once over the limit. */
  takeAccountRequest(accountId: string, plan: Plan, category: Category): void;
  /** Counts one meeting create or update for a host; throws the observed per-user 429. */
  takeHostMeetingWrite(hostId: string): void;
  reset(): void;
}

export function createRateLimits(clock: Clock): RateLimits {
  const perSecond = new Map<string, number>();
  const perDay = new Map<string, number>();
  let currentSecond = 0;
  let currentDay = "";

  function forgetOldWindows(now: number): void {
    const second = Math.floor(now / 1000);
    if (second !== currentSecond) {
      perSecond.clear();
      currentSecond = second;
    }
    const day = utcDay(now);
    if (day !== currentDay) {
      perDay.clear();
      currentDay = day;
    }
  }

  function count(map: Map<string, number>, key: string): number {
    const next = (map.get(key) ?? 0) + 1;
    map.set(key, next);
    return next;
  }

  return {
    takeAccountRequest(accountId, plan, category) {
      const now = clock.now();
      forgetOldWindows(now);
      const limit = PER_SECOND[category][plan];
      if (count(perSecond, `${accountId}|${category}`) > limit) {
        throw new ZoomApiError(
          429,
          429,
          "You have reached the maximum per-second rate limit for this API. Try again later.",
          {
            headers: {
              "X-RateLimit-Category": category,
              "X-RateLimit-Type": "QPS",
              "X-RateLimit-Limit": String(limit),
              "X-RateLimit-Remaining": "0",
              "Retry-After": zoomTime((Math.floor(now / 1000) + 1) * 1000),
            },
          },
        );
      }
      if (plan !== "free") return;
      const dailyLimit = FREE_PER_DAY[category];
      if (count(perDay, `account|${accountId}|${category}`) > dailyLimit) {
        throw new ZoomApiError(
          429,
          429,
          "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.",
          {
            headers: {
              "X-RateLimit-Category": category,
              "X-RateLimit-Type": "Daily-limit",
              "X-RateLimit-Limit": String(dailyLimit),
              "X-RateLimit-Remaining": "0",
              "Retry-After": zoomTime(startOfNextUtcDay(now)),
            },
          },
        );
      }
    },

    takeHostMeetingWrite(hostId) {
      forgetOldWindows(clock.now());
      if (count(perDay, `host|${hostId}`) > HOST_DAILY_MEETING_WRITES) {
        // Reproduces the observed reply: no Retry-After and no X-RateLimit-Type.
        throw new ZoomApiError(429, 429, HOST_DAILY_LIMIT_MESSAGE, {
          headers: {
            "X-RateLimit-Category": "Medium",
            "X-RateLimit-Limit": String(HOST_DAILY_MEETING_WRITES),
            "X-RateLimit-Remaining": "0",
          },
        });
      }
    },

    reset() {
      perSecond.clear();
      perDay.clear();
    },
  };
}
