import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { startConfab } from "../../src/runtime/start-confab.ts";
import { generateSecretKey } from "../../src/vault/vault.ts";
import { useTestDatabase } from "../support/test-database.ts";

const database = await useTestDatabase();

test("the operator from CONFAB_OPERATOR_EMAIL/_PASSWORD exists after the first start, and a restart leaves it be", async () => {
  const env = {
    DATABASE_URL: database.connectionString,
    CONFAB_SECRET_KEY: generateSecretKey(),
    PORT: "0",
    CONFAB_OPERATOR_EMAIL: "Ops@Example.com",
    CONFAB_OPERATOR_PASSWORD: "operator password",
  };
  for (let start = 0; start < 2; start++) {
    const running = await startConfab(loadConfig(env), createLogger("silent"), {
      web: false,
      worker: false,
    });
    await running.stop();
  }
  const users = await database.db.selectFrom("users").select(["email", "is_operator"]).execute();
  assert.deepEqual(users, [{ email: "ops@example.com", is_operator: true }]);
});

test("an operator password that is too short stops confab before it starts", () => {
  assert.throws(
    () =>
      loadConfig({ CONFAB_OPERATOR_EMAIL: "ops@example.com", CONFAB_OPERATOR_PASSWORD: "short" }),
    /CONFAB_OPERATOR_PASSWORD must have at least 10 characters/,
  );
});
