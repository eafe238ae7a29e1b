import { createApplication } from "../../orgs/applications.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../orgs/load-org-access.ts";
import type { Command } from "../command.ts";
import { actionOf, requiredOption, withCliDatabase } from "../open-cli-database.ts";

export const appCommand: Command = {
  name: "app",
  summary: "register an API application for an organization",
  usage: "app create --org <slug> --name <name> [--redirect-uri <uri>]… [--json]",
  description:
    "Prints the application's client_id and client_secret. The secret is shown this once; confab keeps it encrypted. A hosted link's redirect_uri must match one of them in scheme, host, port and path (its query string is the application's own); repeat --redirect-uri for several.",
  options: {
    org: { type: "string" },
    name: { type: "string" },
    "redirect-uri": { type: "string", multiple: true },
    json: { type: "boolean" },
  },
  optionHelp: [
    ["--org", "the organization's slug"],
    ["--name", "the application's name"],
    ["--redirect-uri", "an allowed redirect URI (https, or http on localhost); repeatable"],
    ["--json", "print {application_id, client_id, client_secret} as JSON"],
  ],
  allowPositionals: true,
  async run(values, positionals, context) {
    actionOf(positionals, ["create"]);
    const slug = requiredOption(values, "org");
    const name = requiredOption(values, "name");
    const redirectUris = (values["redirect-uri"] as unknown as string[] | undefined) ?? [];
    const { application, clientSecret } = await withCliDatabase(context, async ({ db }, vault) =>
      createApplication(db, vault, await loadOrgAccessForCommandLine(db, slug), {
        name,
        redirectUris,
        actor: commandLineActor,
      }),
    );
    if (values.json) {
      context.print(
        JSON.stringify({
          application_id: application.id,
          client_id: application.clientId,
          client_secret: clientSecret,
        }),
      );
    } else {
      context.print(`Registered ${application.name} (${application.id}).`);
      context.print(`client_id:     ${application.clientId}`);
      context.print(`client_secret: ${clientSecret}   (shown this once)`);
    }
    return 0;
  },
};
