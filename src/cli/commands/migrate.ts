import { loadConfig } from "../../config.ts";
import { openDatabase } from "../../db/database.ts";
import { migrateToLatest, pendingMigrations } from "../../db/migrate.ts";
import { createLogger } from "../../logging/create-logger.ts";
import type { Command } from "../command.ts";
import { progressLine } from "../progress-line.ts";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "apply database migrations and exit",
  usage: "migrate [--json]",
  description:
    "Brings the database to the schema this version expects. `start`, `web` and `worker` do the same on start; run this on its own before rolling out a new version.",
  options: { json: { type: "boolean" } },
  optionHelp: [["--json", "print the result as JSON"]],
  async run(values, _positionals, context) {
    const config = loadConfig(context.env, context.cwd);
    const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
    const database = await openDatabase(config, logger);
    try {
      // One transaction applies them all; saying which are coming is the progress there is.
      const pending = values.json ? [] : await pendingMigrations(database.db);
      if (pending.length > 0) {
        const progress = progressLine();
        progress.show(`applying ${pending.length} migration(s): ${pending.join(", ")}…`);
        progress.finish();
      }
      const applied = await migrateToLatest(database.db, database.pool);
      if (values.json) context.print(JSON.stringify({ applied }));
      else if (applied.length === 0)
        context.print("The database schema is current; nothing to apply.");
      else context.print(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
