/**
 * From a program meeting's save to its calendar invitations accepted by the SMTP server: confab
 * (`start`, its own process) on a throwaway PostgreSQL mails the mail sandbox, a real SMTP server
 * in this process, which notes the moment each message is caught (just before its 250).
 *   - baseline: a bare nodemailer send of the same invitation straight to the sandbox, one
 *     connection per message as confab's transport does, from the call to the server's 250;
 *   - through confab: a "phone" meeting (no provider, so mail alone) with a host and 2 invitees,
 *     saved as a page saves it, until all 3 invitations are caught.
 * The two alternate, one of each per round, so both see the same machine.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import nodemailer from "nodemailer";
import pg from "pg";
import { type CaughtMessage, startMailSandbox } from "../sandbox/mail/index.ts";
import { loadConfig } from "../src/config.ts";
import { connect } from "../src/db/database.ts";
import { startEmbeddedPostgres } from "../src/db/embedded-postgres.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { createLogger } from "../src/logging/create-logger.ts";
import { createOrganization } from "../src/orgs/create-organization.ts";
import {
  commandLineActor,
  loadOrgAccess,
  loadOrgAccessForCommandLine,
} from "../src/orgs/load-org-access.ts";
import { assignProgramRole, createProgram } from "../src/orgs/programs.ts";
import { prepareProgramMeeting } from "../src/program-meetings/prepare-program-meeting.ts";
import { saveProgramMeeting } from "../src/program-meetings/save-program-meeting.ts";
import { createProviders } from "../src/providers/registry.ts";
import { createVault, generateSecretKey } from "../src/vault/vault.ts";
import { addConfirmedMember } from "../test/support/tenant.ts";
import { randomPort, startConfabRole } from "./confab-processes.ts";
import { percentile, tenths } from "./load.ts";

const meetings = Number(process.env.BENCH_MAIL_MEETINGS ?? 50);
const recipientsPerMeeting = 3;
const waitMs = 15_000;
const baselineAddress = "baseline@bench.example";
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);
/** Milliseconds since the epoch, below the ms: one clock with PostgreSQL's now() on this host. */
const clock = () => performance.timeOrigin + performance.now();

progress("starting PostgreSQL, the mail sandbox and confab");
const loadAtStart = os.loadavg()[0] as number;
const logger = createLogger("warn");
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "confab-bench-"));
const postgres = await startEmbeddedPostgres({ dataDir, logger, disposable: true });
const mail = await startMailSandbox({ port: 0, maxMessages: 100_000 });
const database = connect(postgres.url, logger, 4);
// Commits that add jobs, as the worker hears of them: graphile-worker's own NOTIFY channel.
const listener = new pg.Client({ connectionString: postgres.url });
const commits: number[] = [];
let stopConfab: () => Promise<void> = async () => {};
let stopping: Promise<void> | undefined;
/** Everything this benchmark started, in reverse order; once, whichever way it ends. */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    await stopConfab().catch(() => {});
    await listener.end().catch(() => {});
    await database.close().catch(() => {});
    await mail.close().catch(() => {});
    await postgres.stop().catch(() => {});
    await fs.rm(dataDir, { recursive: true, force: true });
  })();
  return stopping;
}
// Interrupted, the benchmark still stops what it started (PostgreSQL runs in its own group).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(130)));
}

try {
  await migrateToLatest(database.db, database.pool);
  await listener.connect();
  listener.on("notification", () => commits.push(clock()));
  await listener.query('LISTEN "jobs:insert"');
  const { db } = database;
  const port = randomPort();
  const env = {
    DATABASE_URL: postgres.url,
    CONFAB_SECRET_KEY: generateSecretKey(),
    LOG_LEVEL: "warn",
    SMTP_URL: mail.smtpUrl,
  };
  const confab = await startConfabRole("start", env, port);
  stopConfab = () => confab.stop();
  const config = loadConfig({ ...env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  const deps = {
    db,
    vault: createVault(env.CONFAB_SECRET_KEY),
    providers: createProviders(config, db),
  };

  // One organization, one program, a host (mentor) and two invitees (mentees), all confirmed.
  const slug = "bench-mail";
  const organization = await createOrganization(db, {
    name: "Bench mail",
    slug,
    actor: commandLineActor,
  });
  const admin = await loadOrgAccessForCommandLine(db, slug);
  const program = await createProgram(db, admin, { name: "Mentoring", actor: commandLineActor });
  const person = async (name: string, role: string) => {
    const user = await addConfirmedMember(db, {
      organizationId: organization.id,
      email: `${name}@bench.example`,
      name: `${name} of the bench`,
      role: "member",
    });
    await assignProgramRole(db, admin, program, {
      email: user.email,
      role,
      actor: commandLineActor,
    });
    return user;
  };
  const host = await person("host", "mentor");
  const invitees = [await person("first", "mentee"), await person("second", "mentee")];
  const creator = { userId: host.id, email: host.email, name: host.name };
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  // Every caught message, with the moment it was caught on this process's clock.
  const caught: { message: CaughtMessage; at: number }[] = [];
  let onCaught: (() => void) | undefined;
  mail.onMessage((message) => {
    caught.push({ message, at: clock() });
    onCaught?.();
  });
  const invitationsOf = (eventId: string) =>
    caught.filter(
      ({ message }) =>
        !message.envelope.to.includes(baselineAddress) &&
        message.calendars.some((c) => c.content.includes(eventId)),
    );
  const untilCaught = (eventId: string) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        onCaught = undefined;
        reject(
          new Error(`${eventId}: ${invitationsOf(eventId).length} invitations in ${waitMs} ms`),
        );
      }, waitMs);
      const check = () => {
        const found = invitationsOf(eventId);
        if (found.length < recipientsPerMeeting) return;
        clearTimeout(timer);
        onCaught = undefined;
        resolve(Math.max(...found.map((f) => f.at)));
      };
      onCaught = check;
      check();
    });
  /** No job left: the previous meeting's outbox rows are marked sent before the next round. */
  async function settle() {
    for (;;) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from graphile_worker.jobs
        where task_identifier in ('program_meetings:mail_invitations', 'mail:send')`.execute(db);
      if (rows[0]?.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  let meetingNumber = 0;
  async function saveMeeting(): Promise<{ id: string; t0: number; saved: number; done: number }> {
    const n = meetingNumber++;
    const access = await loadOrgAccess(db, { userId: host.id, isOperator: false }, slug);
    const prepared = await prepareProgramMeeting(deps, access, program, creator, {
      title: `Bench chat ${n}`,
      description: "Weekly check-in",
      date: tomorrow,
      time: `${String(8 + (n % 10)).padStart(2, "0")}:${String((n * 7) % 60).padStart(2, "0")}`,
      duration: "30",
      timeZone: "Europe/Paris",
      invitees: invitees.map((i) => i.id),
      mode: "phone",
    });
    const t0 = clock();
    const { id } = await saveProgramMeeting(db, access, program, prepared);
    const saved = clock();
    return { id, t0, saved, done: await untilCaught(id) };
  }

  // The bare send: nodemailer as src/mail/smtp-transport.ts makes it (no pool: one connection
  // per message), carrying a copy of a real invitation (text, HTML, text/calendar).
  const transport = nodemailer.createTransport(
    {
      url: mail.smtpUrl,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 15_000,
    },
    { from: config.mail.from },
  );
  let template: CaughtMessage | undefined;
  let bareNumber = 0;
  async function bareSend(): Promise<number> {
    const copy = template as CaughtMessage;
    const calendar = copy.calendars[0];
    const t0 = performance.now();
    await transport.sendMail({
      messageId: `<bare-${bareNumber++}@bench.example>`,
      to: baselineAddress,
      subject: copy.subject,
      text: copy.text,
      html: copy.html,
      headers: { "Auto-Submitted": "auto-generated", "X-Confab-Mail-Kind": "meeting_invitation" },
      ...(calendar
        ? {
            icalEvent: {
              method: calendar.method ?? "REQUEST",
              content: calendar.content,
              filename: "invite.ics",
            },
          }
        : {}),
    });
    return performance.now() - t0;
  }

  progress("warm-up: one meeting and one bare send, not counted");
  const warmUp = await saveMeeting();
  template = invitationsOf(warmUp.id)[0]?.message;
  await settle();
  await bareSend();

  progress(
    `${meetings} rounds: a bare send, then a meeting saved until its 3 invitations are caught`,
  );
  const bare: number[] = [];
  const throughConfab: number[] = [];
  const measured: Awaited<ReturnType<typeof saveMeeting>>[] = [];
  for (let round = 0; round < meetings; round++) {
    bare.push(await bareSend());
    const meeting = await saveMeeting();
    throughConfab.push(meeting.done - meeting.t0);
    measured.push(meeting);
    await settle();
  }
  // Anything sent twice would arrive by now.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await settle();

  const perMeeting = measured.map(({ id }) => invitationsOf(id));
  const counts = perMeeting.map((found) => found.length);
  const duplicates = perMeeting.reduce((sum, found) => {
    const pairs = new Set(found.map(({ message }) => message.envelope.to.join(",")));
    return sum + found.length - pairs.size;
  }, 0);
  // Where the time goes, per meeting, on one clock (this host's: PostgreSQL's now() is read in
  // the same epoch milliseconds): the save's transaction; until the invitation job's transaction
  // begins (its now() is the outbox rows' created_at); until it commits (the NOTIFY of its
  // mail:send jobs); until the last of the 3 invitations is caught.
  const { rows: jobStarts } = await sql<{ id: string; began: number }>`
    select e.id, (extract(epoch from min(o.created_at)) * 1000)::float8 as began
    from events e
    join outbox_messages o on o.created_at >= e.created_at and o.recipient in (
      select u.email from users u
      where u.id = e.organizer_id
         or u.id in (select user_id from event_invitees i where i.event_id = e.id))
    where e.id = any(${measured.map((m) => m.id)})
    group by e.id`.execute(db);
  const phases = {
    save: [] as number[],
    pickup: [] as number[],
    job: [] as number[],
    smtp: [] as number[],
  };
  for (const meeting of measured) {
    const began = jobStarts.find((j) => j.id === meeting.id)?.began;
    const committed = commits.find((at) => began !== undefined && at > began);
    if (began === undefined || committed === undefined || committed > meeting.done) continue;
    phases.save.push(meeting.saved - meeting.t0);
    phases.pickup.push(began - meeting.saved);
    phases.job.push(committed - began);
    phases.smtp.push(meeting.done - committed);
  }
  const { rows: outbox } = await sql<{ status: string; n: number }>`
    select status, count(*)::int as n from outbox_messages group by status`.execute(db);
  const p50 = (values: number[]) => tenths(percentile(values, 50));
  const p99 = (values: number[]) => tenths(percentile(values, 99));
  const sizeOf = (message: CaughtMessage | undefined) => message?.raw.length ?? 0;
  const figures = {
    machine: {
      cpus: os.availableParallelism(),
      node: process.version,
      load_average_1m: { start: tenths(loadAtStart), end: tenths(os.loadavg()[0] as number) },
    },
    meetings,
    recipients_per_meeting: recipientsPerMeeting,
    bare_send: {
      sends: bare.length,
      p50_ms: p50(bare),
      p99_ms: p99(bare),
      message_bytes: sizeOf(
        caught.find((c) => c.message.envelope.to.includes(baselineAddress))?.message,
      ),
    },
    save_to_accepted: {
      meetings: throughConfab.length,
      p50_ms: p50(throughConfab),
      p99_ms: p99(throughConfab),
      message_bytes: sizeOf(perMeeting[0]?.[0]?.message),
    },
    phases_p50_ms: {
      meetings: phases.save.length,
      save_transaction: p50(phases.save),
      until_invitation_job_begins: p50(phases.pickup),
      invitation_job_until_commit: p50(phases.job),
      commit_until_3_caught: p50(phases.smtp),
    },
    ratio_at_p50: Math.round((percentile(throughConfab, 50) / percentile(bare, 50)) * 100) / 100,
    invitations_per_meeting: { min: Math.min(...counts), max: Math.max(...counts) },
    duplicates,
    outbox: Object.fromEntries(outbox.map((r) => [r.status, r.n])),
    smtp_accepted: mail.stats().accepted,
  };
  console.log(JSON.stringify(figures, null, 2));
  await fs.mkdir(path.join(import.meta.dirname, "output"), { recursive: true });
  await fs.writeFile(
    path.join(import.meta.dirname, "output", "mail-latency.json"),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
  transport.close();
} finally {
  await stopAll();
}
