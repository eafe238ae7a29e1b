import { loadConfig } from "../../config.ts";
import { describeDemo } from "../../demo/describe-demo.ts";
import { createLogger } from "../../logging/create-logger.ts";
import { type Roles, startConfab } from "../../runtime/start-confab.ts";
import type { Command, CommandContext } from "../command.ts";

/** Runs the given roles until SIGINT or SIGTERM, then shuts down gracefully. */
async function serve(roles: Roles, context: CommandContext): Promise<number> {
  const config = loadConfig(context.env, context.cwd);
  const logger = createLogger(config.logLevel);
  // Listened for before anything starts: a Ctrl-C during start-up must shut down what started
  // (the embedded database runs in its own process group and would outlive an abrupt exit).
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  const running = await startConfab(config, logger, roles);
  if (running.demo) {
    for (const line of describeDemo(config.publicUrl, running.demo)) context.print(line);
  } else if (running.url)
    context.print(`confab is running at ${config.publicUrl} (Ctrl-C to stop)`);
  else context.print("confab worker is running (Ctrl-C to stop)");

  const signal = await stopRequested;
  // A second signal means: do not wait any longer.
  const force = (second: NodeJS.Signals) => {
    logger.warn({ signal: second }, "second signal: exiting without finishing");
    process.exit(1);
  };
  process.once("SIGINT", force);
  process.once("SIGTERM", force);
  logger.info({ signal }, "shutting down: finishing requests and jobs in hand");
  await running.stop();
  return 0;
}

const common = {
  options: {},
  optionHelp: [],
} satisfies Partial<Command>;

export const startCommand: Command = {
  name: "start",
  summary: "run the web and worker roles in one process (what `npm start` runs)",
  usage: "start",
  description:
    "Serves HTTP and runs jobs. Without DATABASE_URL it starts (or joins) the embedded PostgreSQL in CONFAB_DATA_DIR. Migrations are applied first. SIGINT or SIGTERM stop it gracefully.",
  ...common,
  run: (_values, _positionals, context) => serve({ web: true, worker: true }, context),
};

export const webCommand: Command = {
  name: "web",
  summary: "run the HTTP role only (scale out: several, behind a load balancer)",
  usage: "web",
  description:
    "Serves the web pages and the API on HOST:PORT. Run at least one `confab worker` against the same database, or no meeting gets made.",
  ...common,
  run: (_values, _positionals, context) => serve({ web: true, worker: false }, context),
};

export const workerCommand: Command = {
  name: "worker",
  summary: "run the job worker role only (scale out: several, on one database)",
  usage: "worker",
  description:
    "Runs background jobs (every call to Zoom happens here). Any number of workers can share one database; each job runs once.",
  ...common,
  run: (_values, _positionals, context) => serve({ web: false, worker: true }, context),
};
