import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * The browser tests drive Debian's Chromium. On a fresh Debian machine where we are root, it is
 * installed here so that `npm test` is all the set-up there is; elsewhere the message says how.
 */
export function ensureChromium(): void {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(path)) return;
  const canInstall =
    process.getuid?.() === 0 && existsSync("/usr/bin/apt-get") && process.env.CONFAB_NO_APT !== "1";
  if (!canInstall) {
    throw new Error(
      `The browser tests need Chromium at ${path}. Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  process.stderr.write(
    "Chromium is missing: installing Debian's chromium package for the browser tests…\n",
  );
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}
