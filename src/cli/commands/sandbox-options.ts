import { UsageError } from "../command.ts";

/** A flag's whole number from 0 to `max`, or undefined when the flag was not given. */
export function wholeNumber(value: unknown, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^\d+$/.test(value) || Number(value) > max) {
    throw new UsageError(
      `${flag} must be a whole number from 0 to ${max} (got "${String(value)}")`,
    );
  }
  return Number(value);
}

/** A sandbox command serves until Ctrl-C (SIGINT) or a service manager's SIGTERM. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}
