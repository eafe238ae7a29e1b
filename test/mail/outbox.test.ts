import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { renderMail } from "../../src/mail/mail-layout.ts";
import { createOutbox } from "../../src/mail/outbox.ts";
import { sendMailAgain } from "../../src/mail/send-again.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { startTestApp } from "../support/test-app.ts";

const confab = await startTestApp();
const db = confab.database.db;
const mail = confab.mail;
assert.ok(mail, "the test app mails to the file's mail catcher");
const outbox = createOutbox(confab.config.mail, openVault(confab.config));

let sequence = 0;
/** Queues a mail to a fresh address, in a transaction of its own. */
async function queueOne(subject = `Hello ${++sequence}`) {
  const to = `person-${sequence}@example.com`;
  const { id } = await db.transaction().execute((trx) =>
    outbox.queue(trx, {
      kind: "invitation",
      to: { email: to, name: "A Person" },
      ...renderMail({
        subject,
        heading: subject,
        paragraphs: ["Body"],
        action: { label: "Go", url: "http://x.test/a" },
      }),
    }),
  );
  return { id: id as string, to };
}

async function row(id: string) {
  return db
    .selectFrom("outbox_messages")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

/** Waits until graphile-worker has no job left for this mail. */
const jobGone = (id: string) => untilNoJobsLeft(db, { keys: [`mail:${id}`] }, `the job of ${id}`);

/** Makes a waiting retry due now, as if its backoff had passed. */
async function retryNow(id: string) {
  await sql`update graphile_worker._private_jobs set run_at = now() where key = ${`mail:${id}`}`.execute(
    db,
  );
  await sql`select pg_notify('jobs:insert', '')`.execute(db);
}

test("a queued mail crosses SMTP once, with a Message-ID fixed by its outbox id, and its content is dropped once sent", async () => {
  const { id, to } = await queueOne();
  const caught = await mail.waitFor((m) => m.envelope.to.includes(to));
  assert.equal(caught.messageId, `${id}@127.0.0.1`);
  assert.match(caught.text ?? "", /Go: http:\/\/x\.test\/a/);
  assert.match(caught.html ?? "", /href="http:\/\/x\.test\/a"/);
  assert.equal(caught.headers["auto-submitted"], "auto-generated");
  await jobGone(id);
  const sent = await row(id);
  assert.equal(sent.status, "sent");
  assert.equal(sent.content, null);
  assert.ok(sent.sent_at);
  assert.equal(mail.messagesTo(to).length, 1);
});

test("the stored content of a waiting mail is encrypted: its link is not in the database in clear", async () => {
  await mail.faults.down();
  try {
    const { id } = await queueOne("Secret link inside");
    const stored = await row(id);
    assert.ok(stored.content?.startsWith("v1."));
    assert.doesNotMatch(stored.content ?? "", /x\.test/);
  } finally {
    await mail.faults.up();
  }
});

test("a mail whose transaction rolls back is never sent", async () => {
  const to = "rolled-back@example.com";
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await outbox.queue(trx, {
        kind: "invitation",
        to: { email: to },
        ...renderMail({ subject: "Never", heading: "Never", paragraphs: [] }),
      });
      throw new Error("the change failed");
    }),
  );
  assert.equal(
    (await db.selectFrom("outbox_messages").select("id").where("recipient", "=", to).execute())
      .length,
    0,
  );
});

test("a server that answers 451 delays the mail, which is sent on the retry and not before", async () => {
  mail.faults.refuse({
    code: 451,
    message: "4.3.0 try again later",
    recipient: `person-${sequence + 1}@example.com`,
  });
  const { id, to } = await queueOne();
  // The first attempt is refused and recorded; the job waits for its backoff.
  for (;;) {
    const waiting = await row(id);
    if (waiting.attempts === 1) {
      assert.equal(waiting.status, "pending");
      assert.match(waiting.last_error ?? "", /451/);
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(mail.messagesTo(to).length, 0);
  await retryNow(id);
  await mail.waitFor((m) => m.envelope.to.includes(to));
  await jobGone(id);
  assert.equal((await row(id)).status, "sent");
  assert.equal(mail.messagesTo(to).length, 1);
});

test("a server that is down loses no mail: it goes out once the server is back", async () => {
  await mail.faults.down();
  const { id, to } = await queueOne();
  for (;;) {
    if ((await row(id)).attempts >= 1) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  await mail.faults.up();
  await retryNow(id);
  await mail.waitFor((m) => m.envelope.to.includes(to));
  await jobGone(id);
  assert.equal((await row(id)).status, "sent");
});

test("a permanent refusal (550) is recorded as failed with its reason, and not tried again", async () => {
  const to = `person-${sequence + 1}@example.com`;
  mail.faults.refuse({ code: 550, message: "5.1.1 mailbox unavailable", recipient: to });
  const { id } = await queueOne();
  await jobGone(id);
  const failed = await row(id);
  assert.equal(failed.status, "failed");
  assert.equal(failed.attempts, 1);
  assert.match(failed.last_error ?? "", /550/);
  assert.doesNotMatch(failed.last_error ?? "", /example\.com/, "no address in the recorded reason");
  assert.equal(mail.messagesTo(to).length, 0);
});

test("running a mail's job again after it was sent sends nothing more", async () => {
  const { id, to } = await queueOne();
  await mail.waitFor((m) => m.envelope.to.includes(to));
  await jobGone(id);
  const accepted = mail.stats().accepted;
  await sql`select graphile_worker.add_job('mail:send', json_build_object('mailId', ${id}::text), job_key => ${`mail:${id}:again`})`.execute(
    db,
  );
  await jobGone(`${id}:again`);
  assert.equal(mail.stats().accepted, accepted);
  assert.equal(mail.messagesTo(to).length, 1);
});

test("a mail a dead worker left half-sent is marked not confirmed instead of sent twice, and Send again sends it under the same Message-ID", async () => {
  const to = "half-sent@example.com";
  const id = await db.transaction().execute(async (trx) => {
    const queued = await outbox.queue(trx, {
      kind: "invitation",
      to: { email: to },
      ...renderMail({ subject: "Half sent", heading: "Half sent", paragraphs: [] }),
    });
    // As a worker that died in the SMTP transaction leaves it.
    await trx
      .updateTable("outbox_messages")
      .set({ status: "sending" })
      .where("id", "=", queued.id as string)
      .execute();
    return queued.id as string;
  });
  await jobGone(id);
  const unconfirmed = await row(id);
  assert.equal(unconfirmed.status, "unconfirmed");
  assert.match(unconfirmed.last_error ?? "", /stopped before the server answered/);
  assert.equal(mail.messagesTo(to).length, 0);
  await sendMailAgain(db, { mailId: id, actor: { userId: null, label: "operator" } });
  const caught = await mail.waitFor((m) => m.envelope.to.includes(to));
  assert.equal(caught.messageId, `${id}@127.0.0.1`);
  await jobGone(id);
  assert.equal((await row(id)).status, "sent");
  await assert.rejects(
    sendMailAgain(db, { mailId: id, actor: { userId: null, label: "operator" } }),
    {
      kind: "conflict",
    },
  );
});
