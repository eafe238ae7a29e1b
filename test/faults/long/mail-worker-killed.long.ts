import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { renderMail } from "../../../src/mail/mail-layout.ts";
import { createOutbox } from "../../../src/mail/outbox.ts";
import { openVault } from "../../../src/vault/secret-keys.ts";
import { eventually } from "../../support/conferencing-world.ts";
import { startTestApp } from "../../support/test-app.ts";
import { workerProcesses } from "../../support/worker-processes.ts";

/**
 * Mail is sent at most once across crashes: worker processes killed with SIGKILL while SMTP
 * transactions are in flight leave every mail sent or, where a worker died while the server was
 * taking it, "not confirmed" (never sent again by itself); no Message-ID is caught twice.
 */
const confab = await startTestApp({ web: false, worker: false });
const mail = confab.mail;
assert.ok(mail);
const db = confab.database.db;
const workers = workerProcesses({
  DATABASE_URL: confab.testDatabase.connectionString,
  CONFAB_SECRET_KEY: confab.config.secretKey as string,
  PUBLIC_URL: confab.config.publicUrl,
  SMTP_URL: mail.smtpUrl,
  CONFAB_WORKER_CONCURRENCY: "4",
});

const sendingNow = async () => {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from graphile_worker.jobs
    where task_identifier = 'mail:send' and locked_by is not null
  `.execute(db);
  return rows[0]?.n ?? 0;
};

test("worker processes killed in the middle of sending, again and again, leave no mail lost without a trace and none sent twice", {
  timeout: 600_000,
}, async () => {
  // The server holds each reply, so that kills land while transactions are open.
  mail.faults.delayMs(400);
  const outbox = createOutbox(confab.config.mail, openVault(confab.config));
  const ids: string[] = [];
  const queueMails = async (count: number) => {
    for (let n = 0; n < count; n++) {
      const number = ids.length;
      const { id } = await db.transaction().execute((trx) =>
        outbox.queue(trx, {
          kind: "invitation",
          to: { email: `crash-${number}@example.com` },
          ...renderMail({ subject: `Crash test ${number}`, heading: "Crash test", paragraphs: [] }),
        }),
      );
      ids.push(id as string);
    }
  };
  // Each round has mail of its own to be in the middle of, however fast the last one went.
  let victim = await workers.start();
  const survivor = await workers.start();
  for (let round = 0; round < 3; round++) {
    // Queued once the workers are up, so that the mail is there to be in the middle of.
    await queueMails(round === 0 ? 20 : 10);
    await eventually(async () => (await sendingNow()) > 0, 60_000, "a mail being sent");
    await victim.kill9();
    victim = await workers.start();
  }
  await queueMails(10);
  await eventually(async () => (await sendingNow()) > 0, 60_000, "a mail being sent");
  await survivor.kill9();
  mail.faults.clear();

  await eventually(
    async () => {
      const settled = await db
        .selectFrom("outbox_messages")
        .select("id")
        .where("status", "in", ["sent", "unconfirmed"])
        .execute();
      return settled.length === ids.length ? true : undefined;
    },
    300_000,
    "every mail sent or marked not confirmed",
  );
  const rows = await db.selectFrom("outbox_messages").select(["id", "status"]).execute();
  for (const id of ids) {
    const copies: unknown[] = mail.messages().filter((m) => m.messageId === `${id}@127.0.0.1`);
    const status = rows.find((r) => r.id === id)?.status;
    if (status === "sent")
      assert.equal(copies.length, 1, `${id} was sent and caught ${copies.length} times`);
    else assert.ok(copies.length <= 1, `${id} (not confirmed) was caught ${copies.length} times`);
  }
  assert.ok(
    rows.filter((r) => r.status === "sent").length > 0,
    "the survivors sent the mails nobody was sending when the workers died",
  );
});

test("no line the worker processes logged holds a recipient's address or a mail's subject", () => {
  const output = workers.outputs();
  assert.ok(output.length > 0, "the workers logged something");
  assert.doesNotMatch(output, /crash-\d+@example\.com/);
  assert.doesNotMatch(output, /Crash test/);
});
