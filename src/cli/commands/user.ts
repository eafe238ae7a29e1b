import { createUser } from "../../accounts/create-user.ts";
import type { Command } from "../command.ts";
import { actionOf, requiredOption, withCliDatabase } from "../open-cli-database.ts";

export const userCommand: Command = {
  name: "user",
  summary: "create a user account",
  usage: "user create --email <email> --password <password> [--name <name>] [--json]",
  description:
    "Makes an account that can sign in. Add it to an organization with `member add`; people without an account are usually invited from the web page instead.",
  options: {
    email: { type: "string" },
    password: { type: "string" },
    name: { type: "string" },
    json: { type: "boolean" },
  },
  optionHelp: [
    ["--email", "the account's email"],
    ["--password", "at least 10 characters"],
    ["--name", "the person's name (optional)"],
    ["--json", "print the result as JSON"],
  ],
  allowPositionals: true,
  async run(values, positionals, context) {
    actionOf(positionals, ["create"]);
    const input = {
      email: requiredOption(values, "email"),
      password: requiredOption(values, "password"),
      name: typeof values.name === "string" ? values.name : "",
    };
    const user = await withCliDatabase(context, ({ db }) => createUser(db, input));
    context.print(
      values.json
        ? JSON.stringify({ user_id: user.id, email: user.email })
        : `Created ${user.email} (${user.id}).`,
    );
    return 0;
  },
};
