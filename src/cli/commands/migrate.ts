import { loadConfig } from "../../config.ts";
import { openDatabase } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { createLogger } from "../../logging/create-logger.ts";
import type { Command } from "../command.ts";

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
