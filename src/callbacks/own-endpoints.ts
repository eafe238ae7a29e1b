import net from "node:net";
import os from "node:os";
import type { Config } from "../config.ts";
import type { CallbackPolicy } from "./callback-target.ts";

const defaultPorts: Record<string, number> = {
  "http:": 80,
  "https:": 443,
  "postgres:": 5432,
  "postgresql:": 5432,
  "smtp:": 587,
  "smtps:": 465,
};

/**
 * The listeners confab itself uses on this machine (its web and metrics ports, its database, and
 * the Zoom and mail servers it talks to), which no callback may reach even where loopback is
 * allowed: an application must never be able to drive confab's own services or the sandboxes.
 */
export function ownEndpoints(
  config: Pick<Config, "host" | "port" | "publicUrl" | "metrics" | "zoom" | "mail">,
  databaseUrl: string,
): { address: string; port: number }[] {
  const found: { address: string; port: number }[] = [];
  const add = (host: string, port: number) => {
    for (const address of addressesOf(host)) found.push({ address, port });
  };
  add(config.host, config.port);
  if (config.metrics.port !== undefined) add(config.host, config.metrics.port);
  const urls = [config.publicUrl, databaseUrl, config.zoom.oauthBaseUrl, config.zoom.apiBaseUrl];
  if (config.mail.mode === "smtp") urls.push(config.mail.smtpUrl);
  for (const text of urls) {
    try {
      const url = new URL(text);
      const port = url.port === "" ? defaultPorts[url.protocol] : Number(url.port);
      if (port !== undefined) add(url.hostname.replace(/^\[|\]$/g, ""), port);
    } catch {
      // A malformed URL was refused by the configuration already.
    }
  }
  return found;
}

/** The local addresses a listener's host stands for; a remote name stands for none here. */
function addressesOf(host: string): string[] {
  if (host === "localhost") return ["127.0.0.1", "::1"];
  if (host === "0.0.0.0" || host === "::") {
    const local = Object.values(os.networkInterfaces())
      .flat()
      .map((entry) => entry?.address)
      .filter((address): address is string => address !== undefined);
    return ["127.0.0.1", "::1", ...local];
  }
  return net.isIP(host) !== 0 ? [host] : [];
}

/** The egress policy of this instance: its settings, and its own listeners to keep out of reach. */
export function callbackPolicyOf(
  config: Parameters<typeof ownEndpoints>[0] & Pick<Config, "callbacks">,
  databaseUrl: string,
): CallbackPolicy {
  return { settings: config.callbacks, ownEndpoints: ownEndpoints(config, databaseUrl) };
}
