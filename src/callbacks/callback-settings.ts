import net from "node:net";

/**
 * Which callback targets an operator allows beyond the public Internet. Callbacks are URLs
 * confab calls on an application's behalf (push notifications today), so by default they may
 * reach only public addresses over https.
 */
export interface CallbackSettings {
  /** IPs, CIDRs and host names (`hooks.internal`, `*.hooks.internal`) that may be private. */
  allow: string[];
  /** http:// callbacks too (port 80 on the public Internet; any port of an allowed target). */
  allowHttp: boolean;
}

type Environment = Record<string, string | undefined>;

export const callbackConfigVariables = [
  [
    "CONFAB_CALLBACK_ALLOW",
    "(none; the demo: 127.0.0.1, ::1)",
    "comma-separated IPs, CIDRs or host names (*.example.internal) callbacks may reach although they are private; any port",
  ],
  [
    "CONFAB_CALLBACK_HTTP",
    "off (the demo: on)",
    "on: callbacks may use http:// (port 80, or any port of an allowed target)",
  ],
] as const;

export function readCallbackSettings(
  env: Environment,
  demo: boolean,
  problems: string[],
): CallbackSettings {
  const given = env.CONFAB_CALLBACK_ALLOW;
  const allow =
    given === undefined
      ? demo
        ? ["127.0.0.1", "::1"]
        : []
      : given
          .split(",")
          .map((entry) => entry.trim())
          .filter((entry) => entry !== "");
  for (const entry of allow) {
    if (!isAllowEntry(entry)) {
      problems.push(
        `CONFAB_CALLBACK_ALLOW entry "${entry}" is not an IP address, a CIDR (10.0.0.0/8) or a host name`,
      );
    }
  }
  const http = (env.CONFAB_CALLBACK_HTTP ?? "").trim();
  if (http !== "" && http !== "on" && http !== "off") {
    problems.push(`CONFAB_CALLBACK_HTTP must be on or off (got "${http}")`);
  }
  return { allow, allowHttp: http === "" ? demo : http === "on" };
}

function isAllowEntry(entry: string): boolean {
  const [address, prefix, extra] = entry.split("/");
  if (address !== undefined && net.isIP(address) !== 0) {
    if (prefix === undefined) return true;
    const bits = net.isIP(address) === 4 ? 32 : 128;
    return extra === undefined && /^\d+$/.test(prefix) && Number(prefix) <= bits;
  }
  return (
    prefix === undefined &&
    /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(entry)
  );
}
