import { ensureOperator } from "../../accounts/ensure-operator.ts";
import type { Command } from "../command.ts";
import { actionOf, requiredOption, withCliDatabase } from "../open-cli-database.ts";

export const operatorCommand: Command = {
  name: "operator",
  summary: "create an operator account (operators create organizations)",
  usage: "operator create --email <email> --password <password> [--json]",
  description:
    "Makes an operator: someone who signs in to /operator, creates organizations and enables integrations for them. An existing account with this email becomes an operator and keeps its password.",
  options: {
    email: { type: "string" },
    password: { type: "string" },
    json: { type: "boolean" },
  },
  optionHelp: [
    ["--email", "the operator's email"],
    ["--password", "at least 10 characters (used only if the account is new)"],
    ["--json", "print the result as JSON"],
  ],
  allowPositionals: true,
  async run(values, positionals, context) {
    actionOf(positionals, ["create"]);
    const email = requiredOption(values, "email");
    const password = requiredOption(values, "password");
    const { user, created } = await withCliDatabase(context, ({ db }) =>
      ensureOperator(db, { email, password }),
    );
    if (values.json) {
      context.print(JSON.stringify({ user_id: user.id, email: user.email, created }));
    } else {
      context.print(
        created
          ? `Created operator ${user.email} (${user.id}).`
          : `${user.email} is now an operator (the account existed; its password is unchanged).`,
      );
    }
    return 0;
  },
};
