import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { createUser } from "../../src/accounts/create-user.ts";
import { withAccessToken } from "../../src/connections/with-access-token.ts";
import { startWorker } from "../../src/jobs/start-worker.ts";
import { buildTaskList } from "../../src/jobs/task-list.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { cleanup } from "../support/cleanup.ts";
import { eventually } from "../support/conferencing-world.ts";
import { useMailCatcher } from "../support/mail-catcher.ts";
import { startConnectorWorld } from "../support/zoom-connector.ts";
import { userApp } from "../support/zoom-world.ts";

const { world, confab, db, vault, provider, connected } = await startConnectorWorld();
const mail = await useMailCatcher();
const worker = await startWorker({
  db,
  pool: confab.database.pool,
  taskList: buildTaskList({
    database: confab.database,
    logger: createLogger("silent"),
    config: confab.config,
  }),
  concurrency: 2,
  logger: createLogger("silent"),
});
cleanup(() => worker.stop());

async function settled() {
  await eventually(
    async () => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from graphile_worker.jobs
        where task_identifier in ('alerts:send', 'mail:send')`.execute(db);
      return rows[0]?.n === 0 ? true : undefined;
    },
    20_000,
    "the alert",
  );
}

test("when Zoom stops honouring a person's own connection, its owner is mailed once where to reconnect", async () => {
  const leo = await createUser(db, { email: "leo@example.com", password: "correct horse battery" });
  const id = await connected("personal", world.users.member, leo.id);
  await world.control("POST", "/deauthorize", {
    client_id: userApp.clientId,
    user_email: world.users.member,
  });
  const use = () =>
    withAccessToken({ db, vault, provider }, id, (access) =>
      provider.findUser(access, world.users.member),
    ).catch((error: unknown) => error);
  await use();
  await use();
  await settled();
  const alerts = mail
    .messagesTo(leo.email)
    .filter((m) => /Zoom connection stopped working/.test(m.subject));
  assert.equal(alerts.length, 1);
  assert.match(
    alerts[0]?.text ?? "",
    new RegExp(`your Zoom account ${world.users.member.replace(".", "\\.")}`),
  );
  assert.match(alerts[0]?.text ?? "", /\/account\/conferencing/);
});
