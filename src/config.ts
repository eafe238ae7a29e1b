import net from "node:net";
import path from "node:path";
import {
  type CallbackSettings,
  callbackConfigVariables,
  readCallbackSettings,
} from "./callbacks/callback-settings.ts";
import { type MailSettings, mailConfigVariables, readMailSettings } from "./mail/mail-settings.ts";
import {
  type MicrosoftSettings,
  microsoftConfigVariables,
  readMicrosoftSettings,
} from "./providers/microsoft/microsoft-settings.ts";
import {
  readZoomSettings,
  type ZoomSettings,
  zoomConfigVariables,
} from "./providers/zoom/zoom-settings.ts";
import {
  type QuotaSettings,
  quotaConfigVariables,
  readQuotaSettings,
} from "./quotas/quota-settings.ts";

/** Everything confab reads from the environment, read once, validated once. */
export interface Config {
  production: boolean;
  port: number;
  host: string;
  /** Where users and Zoom reach this instance; redirect and webhook URLs derive from it. */
  publicUrl: string;
  /** Unset means: run an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Base64 of 32 bytes; unset only in embedded mode, where one is generated and kept. */
  secretKey: string | undefined;
  /** Keys that decrypt but never encrypt: the old one during a rotation, or the next one. */
  decryptOnlyKeys: string[];
  logLevel: LogLevel;
  workerConcurrency: number;
  /** Push deliveries a worker process sends at once, in their own lane. */
  deliveryConcurrency: number;
  /**
   * Prometheus metrics: with `port`, every role serves /metrics on HOST:port (and the web port
   * does not); without it, the web role serves /metrics on its own port. With `token`, a scrape
   * must send it as a bearer token.
   */
  metrics: { port: number | undefined; token: string | undefined };
  /**
   * Whose X-Forwarded-For is believed, for the client address that sign-in limits count by:
   * nobody's when unset (the socket's address is the client), the proxies at these addresses
   * or CIDRs, or the last `hops` hops whoever sent them.
   */
  trustedProxies: { hops: number } | { addresses: string[] } | undefined;
  /** An operator account to make on start, if it does not exist yet. */
  operator: { email: string; password: string } | undefined;
  /**
   * The out-of-the-box demo (src/demo/): on by default for the embedded database, never in
   * production. It brings demo people, one-click sign-in and, without ZOOM_*, the Zoom sandbox.
   */
  demo: boolean;
  /** SMTP, or off; the demo points it at its own SMTP server (src/demo/start-demo-mail.ts). */
  mail: MailSettings;
  zoom: ZoomSettings;
  microsoft: MicrosoftSettings;
  /** Where callbacks (push notifications) may go besides the public Internet. */
  callbacks: CallbackSettings;
  /** What one application may use: request rates, calendars, events. */
  quotas: QuotaSettings;
  /** Where people ask the operator for help: the Help link of the account menu and error pages. */
  support: SupportContact;
}

export interface SupportContact {
  url: string | undefined;
  email: string | undefined;
}

export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

export type Environment = Record<string, string | undefined>;

/** A missing or malformed variable: the message names every one of them. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `confab cannot start: the configuration has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Describes every variable, its default, and what it means (used by --help and the README). */
export const configVariables = [
  [
    "NODE_ENV",
    "development",
    "`production` requires DATABASE_URL, CONFAB_SECRET_KEY, PUBLIC_URL and SMTP_URL (or CONFAB_MAIL=off)",
  ],
  ["PORT", "3000", "HTTP port of the web role"],
  ["HOST", "127.0.0.1", "interface the web role listens on (0.0.0.0 for all)"],
  ["PUBLIC_URL", "http://localhost:$PORT", "the URL users and Zoom reach confab at"],
  ["DATABASE_URL", "(unset: embedded PostgreSQL)", "PostgreSQL connection string"],
  ["CONFAB_DATA_DIR", "./.confab", "embedded PostgreSQL data and the generated secret key"],
  [
    "CONFAB_SECRET_KEY",
    "(generated in embedded mode)",
    "base64 of 32 random bytes; encrypts secrets at rest",
  ],
  [
    "CONFAB_DECRYPT_ONLY_KEYS",
    "(none)",
    "comma-separated keys that decrypt but never encrypt (key rotation)",
  ],
  ["LOG_LEVEL", "info", logLevels.join(", ")],
  ["CONFAB_WORKER_CONCURRENCY", "5", "jobs one worker process runs at once"],
  [
    "CONFAB_DELIVERY_CONCURRENCY",
    "10",
    "push notifications one worker process sends at once, beside those jobs (one at a time per endpoint)",
  ],
  [
    "CONFAB_METRICS_PORT",
    "(unset: /metrics on PORT)",
    "a port of its own for /metrics, served by every role (a worker has no other)",
  ],
  [
    "CONFAB_METRICS_TOKEN",
    "(none)",
    "bearer token a Prometheus scrape of /metrics must send; in production, /metrics on PORT needs it",
  ],
  [
    "CONFAB_TRUSTED_PROXIES",
    "(none: X-Forwarded-For is ignored)",
    "comma-separated IPs or CIDRs of the proxies whose X-Forwarded-For gives the client address (10.0.0.0/8,::1), or a number of hops to believe (only when nothing reaches confab but through the proxy)",
  ],
  [
    "CONFAB_OPERATOR_EMAIL",
    "(none)",
    "with CONFAB_OPERATOR_PASSWORD: an operator account made on start if it does not exist",
  ],
  ["CONFAB_OPERATOR_PASSWORD", "(none)", "the password of that operator account (10+ characters)"],
  [
    "CONFAB_SUPPORT_URL",
    "(none)",
    "an http(s) page where people ask for help: the Help link in the account menu and on error pages",
  ],
  [
    "CONFAB_SUPPORT_EMAIL",
    "(none)",
    "an address people write to for help; the Help link when CONFAB_SUPPORT_URL is unset",
  ],
  [
    "CONFAB_DEMO",
    "1 with the embedded database, else 0",
    "0 turns the demo off (demo people, one-click sign-in, Zoom sandbox); never on in production",
  ],
  ...mailConfigVariables,
  ...zoomConfigVariables,
  ...microsoftConfigVariables,
  ...callbackConfigVariables,
  ...quotaConfigVariables,
] as const;

export function loadConfig(env: Environment = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const production = env.NODE_ENV === "production";

  const port = readInteger(env, "PORT", 3000, 0, 65535, problems);
  const host = nonEmpty(env.HOST) ?? "127.0.0.1";
  const publicUrl = readPublicUrl(env, port, production, problems);

  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push("DATABASE_URL must be a postgres:// or postgresql:// connection string");
  }
  if (production && databaseUrl === undefined) {
    problems.push(
      "DATABASE_URL is required when NODE_ENV=production (the embedded database is for trying confab)",
    );
  }

  const secretKey = nonEmpty(env.CONFAB_SECRET_KEY);
  if (secretKey !== undefined && !isSecretKey(secretKey)) {
    problems.push(
      "CONFAB_SECRET_KEY must be base64 of exactly 32 bytes (generate one with: openssl rand -base64 32)",
    );
  }
  if (production && secretKey === undefined) {
    problems.push("CONFAB_SECRET_KEY is required when NODE_ENV=production");
  }
  const decryptOnlyKeys = (env.CONFAB_DECRYPT_ONLY_KEYS ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "");
  decryptOnlyKeys.forEach((key, index) => {
    if (!isSecretKey(key)) {
      problems.push(
        `CONFAB_DECRYPT_ONLY_KEYS entry ${index + 1} is not base64 of exactly 32 bytes`,
      );
    }
  });

  const logLevel = (nonEmpty(env.LOG_LEVEL) ?? "info") as LogLevel;
  if (!logLevels.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${logLevels.join(", ")} (got "${env.LOG_LEVEL}")`);
  }

  const workerConcurrency = readInteger(env, "CONFAB_WORKER_CONCURRENCY", 5, 1, 100, problems);
  const deliveryConcurrency = readInteger(env, "CONFAB_DELIVERY_CONCURRENCY", 10, 1, 100, problems);
  const metrics = readMetrics(env, port, problems);
  const trustedProxies = readTrustedProxies(env, problems);

  const operator = readOperator(env, problems);
  const support = readSupport(env, problems);
  const demo = readDemo(env, production, databaseUrl, problems);
  const mail = readMailSettings(env, production, publicUrl, problems);
  const zoom = readZoomSettings(env, problems);
  const microsoft = readMicrosoftSettings(env, problems);
  const callbacks = readCallbackSettings(env, demo, problems);
  const quotas = readQuotaSettings(env, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    production,
    port,
    host,
    publicUrl,
    databaseUrl,
    dataDir: path.resolve(cwd, nonEmpty(env.CONFAB_DATA_DIR) ?? ".confab"),
    secretKey,
    decryptOnlyKeys,
    logLevel,
    workerConcurrency,
    deliveryConcurrency,
    metrics,
    trustedProxies,
    operator,
    demo,
    mail,
    zoom,
    microsoft,
    callbacks,
    quotas,
    support,
  };
}

function readSupport(env: Environment, problems: string[]): SupportContact {
  const url = nonEmpty(env.CONFAB_SUPPORT_URL);
  const email = nonEmpty(env.CONFAB_SUPPORT_EMAIL);
  if (url !== undefined && !/^https?:$/.test(URL.parse(url)?.protocol ?? "")) {
    problems.push(
      `CONFAB_SUPPORT_URL must be an http(s) URL, like https://help.example.com (got "${url}")`,
    );
  }
  if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    problems.push(
      `CONFAB_SUPPORT_EMAIL must be an email address, like help@example.com (got "${email}")`,
    );
  }
  return { url, email };
}

function readDemo(
  env: Environment,
  production: boolean,
  databaseUrl: string | undefined,
  problems: string[],
): boolean {
  const value = nonEmpty(env.CONFAB_DEMO);
  if (value !== undefined && value !== "0" && value !== "1") {
    problems.push(`CONFAB_DEMO must be 0 or 1 (got "${value}")`);
    return false;
  }
  // The demo signs people in with one click: that must never reach a production instance.
  if (production) {
    if (value === "1") problems.push("CONFAB_DEMO=1 is not allowed when NODE_ENV=production");
    return false;
  }
  return value === undefined ? databaseUrl === undefined : value === "1";
}

function readMetrics(env: Environment, port: number, problems: string[]): Config["metrics"] {
  const metricsPort =
    nonEmpty(env.CONFAB_METRICS_PORT) === undefined
      ? undefined
      : readInteger(env, "CONFAB_METRICS_PORT", 0, 1, 65535, problems);
  if (metricsPort !== undefined && metricsPort === port && port !== 0) {
    problems.push("CONFAB_METRICS_PORT must differ from PORT");
  }
  const token = nonEmpty(env.CONFAB_METRICS_TOKEN);
  if (token !== undefined && (token.length < 16 || /\s/.test(token))) {
    problems.push("CONFAB_METRICS_TOKEN must be 16 or more characters without spaces");
  }
  return { port: metricsPort, token };
}

function readTrustedProxies(env: Environment, problems: string[]): Config["trustedProxies"] {
  const value = nonEmpty(env.CONFAB_TRUSTED_PROXIES);
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) {
    const hops = readInteger(env, "CONFAB_TRUSTED_PROXIES", 0, 0, 100, problems);
    return hops === 0 ? undefined : { hops };
  }
  const addresses = value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const malformed = addresses.filter((entry) => !isAddressOrCidr(entry));
  for (const entry of malformed) {
    problems.push(
      `CONFAB_TRUSTED_PROXIES entry "${entry}" is not an IP address or CIDR (like 10.0.0.0/8 or fd00::/8), and the variable is not a number of hops`,
    );
  }
  return malformed.length === 0 && addresses.length > 0 ? { addresses } : undefined;
}

function isAddressOrCidr(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const version = net.isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

function readOperator(env: Environment, problems: string[]) {
  const email = nonEmpty(env.CONFAB_OPERATOR_EMAIL);
  const password = env.CONFAB_OPERATOR_PASSWORD ?? "";
  if (email === undefined && password === "") return undefined;
  if (email === undefined || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    problems.push(
      "CONFAB_OPERATOR_EMAIL must be an email address when CONFAB_OPERATOR_PASSWORD is set",
    );
  }
  if (password.length < 10) {
    problems.push("CONFAB_OPERATOR_PASSWORD must have at least 10 characters");
  }
  return email === undefined ? undefined : { email, password };
}

export function isSecretKey(value: string): boolean {
  return /^[A-Za-z0-9+/_-]{43}=?$/.test(value) && Buffer.from(value, "base64").length === 32;
}

function readPublicUrl(env: Environment, port: number, production: boolean, problems: string[]) {
  const value = nonEmpty(env.PUBLIC_URL);
  if (value === undefined) {
    if (production) problems.push("PUBLIC_URL is required when NODE_ENV=production");
    return `http://localhost:${port}`;
  }
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
    if (url.search !== "" || url.hash !== "") throw new Error("query");
    return url.href.replace(/\/$/, "");
  } catch {
    problems.push(
      `PUBLIC_URL must be an http(s) URL without query or fragment, like https://confab.example.com (got "${value}")`,
    );
    return "";
  }
}

function readInteger(
  env: Environment,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
