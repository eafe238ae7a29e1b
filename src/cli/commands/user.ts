import { createUser } from "../../accounts/create-user.ts";
import { sendVerificationMail } from "../../accounts/verify-email.ts";
import { commandLineOutbox } from "../../mail/command-line-outbox.ts";
import type { Command } from "../command.ts";
import { actionOf, requiredOption, withCliDatabase } from "../open-cli-database.ts";

export const userCommand: Command = {
  name: "user",
  summary: "create a user account",
  usage: "user create --email <email> --password <password> [--name <name>] [--json]",
  description:
    "Makes an account that can sign in, with its address not yet confirmed: a confirmation link is mailed to it (when mail is on). Until it is followed, the account cannot host meetings in an organization's Zoom or become an admin of a second organization. People are usually invited with `member invite` instead, which proves the address by itself.",
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
    const { user, mailed } = await withCliDatabase(context, async ({ db }, vault, config) => {
      const user = await createUser(db, input);
      const { mailed } = await sendVerificationMail(db, {
        userId: user.id,
        outbox: commandLineOutbox(config, vault),
        publicUrl: config.publicUrl,
      });
      return { user, mailed };
    });
    context.print(
      values.json
        ? JSON.stringify({
            user_id: user.id,
            email: user.email,
            email_verified: false,
            confirmation_mailed: mailed,
          })
        : `Created ${user.email} (${user.id}). ${mailed ? "A link to confirm the address is queued for mail." : "Mail is off, so the address stays unconfirmed."}`,
    );
    return 0;
  },
};
