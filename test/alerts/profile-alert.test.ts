import assert from "node:assert/strict";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import { withAccessToken } from "../../src/connections/with-access-token.ts";
import { startInProcessWorker } from "../support/in-process-worker.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { useMailCatcher } from "../support/mail-catcher.ts";
import { startConnectorWorld } from "../support/zoom-connector.ts";
import { userApp } from "../support/zoom-world.ts";

const { world, confab, db, vault, provider, connected } = await startConnectorWorld();
const mail = await useMailCatcher();
await startInProcessWorker(confab, 2);

const settled = () => untilNoJobsLeft(db, { tasks: ["alerts:send", "mail:send"] }, "the alert");

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
