import dns from "node:dns/promises";
import net from "node:net";
import { carriedIpv4, privateAddressReason } from "./address-ranges.ts";
import type { CallbackSettings } from "./callback-settings.ts";

/**
 * The egress rule for every URL confab calls on someone else's behalf. A URL is judged twice:
 * when it is given (what can be told from its text: scheme, port, a literal or local address),
 * and when it is called, after resolving its name, so that a name pointing inside the network is
 * refused then. The call then goes to the very address that was judged (post-callback.ts), so the
 * name cannot resolve elsewhere in between.
 */
export interface CallbackPolicy {
  settings: CallbackSettings;
  /** confab's own listeners (web, metrics, database, sandboxes): never, whatever is allowed. */
  ownEndpoints: { address: string; port: number }[];
}

/** A callback that may be called: where to connect, and what to tell the server it is. */
export interface CallbackTarget {
  url: URL;
  /** The checked IP address the connection goes to. */
  address: string;
  port: number;
}

export class CallbackRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CallbackRefused";
  }
}

/** The host could not be resolved now: worth trying again later. */
export class CallbackUnresolved extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CallbackUnresolved";
  }
}

const httpsPorts = [443, 8443];

/** What is wrong with a callback URL as written, or undefined when only its address is left. */
export function callbackUrlProblem(text: string, policy: CallbackPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && policy.settings.allowHttp)) {
    return policy.settings.allowHttp ? "must be an http or https URL" : "must be an https URL";
  }
  const host = hostOf(url);
  const port = portOf(url);
  const allowedHost = isAllowedName(host, policy.settings);
  if (net.isIP(host) !== 0) {
    const problem = addressProblem(host, host, port, policy, allowedHost);
    if (problem) return problem;
  } else if (!allowedHost) {
    if (host === "localhost" || host.endsWith(".localhost")) {
      return `names ${host}, a loopback address`;
    }
    if (!host.includes("."))
      return `names ${host}, a single-label name only a local network resolves`;
  }
  if (!allowedHost && !isAllowedAddress(host, policy.settings)) {
    const ports = url.protocol === "https:" ? httpsPorts : [80];
    if (!ports.includes(port)) {
      return `uses port ${port}; callbacks go to port ${ports.join(" or ")}`;
    }
  }
  return undefined;
}

/**
 * Resolves a callback's host and judges every address it has: one private address among public
 * ones is enough to refuse, since the connection could be steered to it.
 */
export async function resolveCallback(
  text: string,
  policy: CallbackPolicy,
  lookup: (host: string) => Promise<string[]> = lookupAll,
): Promise<CallbackTarget> {
  const problem = callbackUrlProblem(text, policy);
  if (problem) throw new CallbackRefused(`The callback URL ${problem}.`);
  const url = new URL(text);
  const host = hostOf(url);
  const port = portOf(url);
  const allowedHost = isAllowedName(host, policy.settings);
  let addresses: string[];
  if (net.isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = await lookup(host);
    } catch {
      throw new CallbackUnresolved(`The callback host ${host} does not resolve.`);
    }
  }
  if (addresses.length === 0)
    throw new CallbackRefused(`The callback host ${host} has no address.`);
  for (const address of addresses) {
    const refused = addressProblem(host, address, port, policy, allowedHost);
    if (refused) throw new CallbackRefused(`The callback URL ${refused}.`);
  }
  return { url, address: addresses[0] as string, port };
}

async function lookupAll(host: string): Promise<string[]> {
  const found = await Promise.race([
    dns.lookup(host, { all: true, verbatim: true }),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("DNS timeout")), 2000).unref(),
    ),
  ]);
  return found.map((entry) => entry.address);
}

function addressProblem(
  host: string,
  address: string,
  port: number,
  policy: CallbackPolicy,
  allowedHost: boolean,
): string | undefined {
  const shown = host === address ? address : `${host} (${address})`;
  if (policy.ownEndpoints.some((own) => sameEndpoint(own, address, port))) {
    return `reaches ${shown} port ${port}, which is confab's own service`;
  }
  if (allowedHost || isAllowedAddress(address, policy.settings)) return undefined;
  const reason = privateAddressReason(address);
  return reason ? `reaches ${shown}, ${reason}` : undefined;
}

function sameEndpoint(own: { address: string; port: number }, address: string, port: number) {
  const plain = (a: string) => carriedIpv4(a) ?? a.toLowerCase();
  return own.port === port && plain(own.address) === plain(address);
}

/** Whether the operator named this host (exactly, or as `*.` its parent domain). */
function isAllowedName(host: string, settings: CallbackSettings): boolean {
  return settings.allow.some((entry) => {
    const pattern = entry.toLowerCase();
    if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1));
    return net.isIP(pattern) === 0 && !pattern.includes("/") && host === pattern;
  });
}

function isAllowedAddress(address: string, settings: CallbackSettings): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  return settings.allow.some((entry) => {
    const [base = "", prefix] = entry.split("/");
    const baseFamily = net.isIP(base);
    if (baseFamily === 0) return false;
    const list = new net.BlockList();
    const type = baseFamily === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(base, type);
    else list.addSubnet(base, Number(prefix), type);
    return list.check(address, family === 4 ? "ipv4" : "ipv6");
  });
}

/** The URL's host without IPv6 brackets or a final dot, lower case. */
function hostOf(url: URL): string {
  return url.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
}

function portOf(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}
