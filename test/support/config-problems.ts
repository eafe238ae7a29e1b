import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config.ts";

/** The problems confab names when it refuses this environment; fails the test if it starts. */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, "/srv/confab");
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail("expected the configuration to be refused");
}
