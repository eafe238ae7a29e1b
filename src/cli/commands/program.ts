import { commandLineActor, loadOrgAccessForCommandLine } from "../../orgs/load-org-access.ts";
import { createProgram } from "../../orgs/programs.ts";
import type { Command } from "../command.ts";
import { actionOf, requiredOption, withCliDatabase } from "../open-cli-database.ts";

export const programCommand: Command = {
  name: "program",
  summary: "create a program (a track) in an organization",
  usage: "program create --org <slug> --name <name> [--json]",
  description:
    "Makes a program with the member roles mentor and mentee and the meeting modes in person and phone, as the web page does.",
  options: { org: { type: "string" }, name: { type: "string" }, json: { type: "boolean" } },
  optionHelp: [
    ["--org", "the organization's slug"],
    ["--name", "the program's name"],
    ["--json", "print the result as JSON"],
  ],
  allowPositionals: true,
  async run(values, positionals, context) {
    actionOf(positionals, ["create"]);
    const slug = requiredOption(values, "org");
    const name = requiredOption(values, "name");
    const program = await withCliDatabase(context, async ({ db }) =>
      createProgram(db, await loadOrgAccessForCommandLine(db, slug), {
        name,
        actor: commandLineActor,
      }),
    );
    context.print(
      values.json
        ? JSON.stringify({ program_id: program.id, name: program.name })
        : `Created program ${program.name} (${program.id}).`,
    );
    return 0;
  },
};
