import { createOrganization } from "../../orgs/create-organization.ts";
import { listOrganizations } from "../../orgs/list-organizations.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../orgs/load-org-access.ts";
import { setIntegrationsEnabled } from "../../orgs/set-integrations-enabled.ts";
import type { Command } from "../command.ts";
import { actionOf, requiredOption, withCliDatabase } from "../open-cli-database.ts";

export const orgCommand: Command = {
  name: "org",
  summary: "create and list organizations; enable or disable their integrations",
  usage:
    "org <create|list|enable-integrations|disable-integrations> [--name n] [--slug s] [--org slug] [--json]",
  description: [
    "create                --name <name> [--slug <slug>]: a new organization",
    "list                  every organization, its admins and whether integrations are on",
    "enable-integrations   --org <slug>: let its admins install integrations (Zoom)",
    "disable-integrations  --org <slug>",
  ].join("\n"),
  options: {
    name: { type: "string" },
    slug: { type: "string" },
    org: { type: "string" },
    json: { type: "boolean" },
  },
  optionHelp: [
    ["--name", "with create: the organization's name"],
    ["--slug", "with create: its short name in URLs (made from the name if not given)"],
    ["--org", "the slug of an existing organization"],
    ["--json", "print the result as JSON"],
  ],
  allowPositionals: true,
  async run(values, positionals, context) {
    const action = actionOf(positionals, [
      "create",
      "list",
      "enable-integrations",
      "disable-integrations",
    ]);
    if (action === "create") {
      const name = requiredOption(values, "name");
      const slug = typeof values.slug === "string" ? values.slug : undefined;
      const org = await withCliDatabase(context, ({ db }) =>
        createOrganization(db, { name, slug, actor: commandLineActor }),
      );
      context.print(
        values.json
          ? JSON.stringify({ organization_id: org.id, slug: org.slug, name: org.name })
          : `Created ${org.name} (slug ${org.slug}, ${org.id}).`,
      );
      return 0;
    }
    if (action === "list") {
      const organizations = await withCliDatabase(context, ({ db }) => listOrganizations(db));
      if (values.json) {
        context.print(
          JSON.stringify(
            organizations.map((o) => ({
              organization_id: o.id,
              slug: o.slug,
              name: o.name,
              integrations_enabled: o.integrationsEnabled,
              admins: o.adminEmails,
            })),
          ),
        );
      } else if (organizations.length === 0) {
        context.print("No organizations yet.");
      } else {
        for (const o of organizations) {
          context.print(
            `${o.slug}  ${o.name}  integrations ${o.integrationsEnabled ? "on" : "off"}  admins: ${o.adminEmails.join(", ") || "none"}`,
          );
        }
      }
      return 0;
    }
    const slug = requiredOption(values, "org");
    const enabled = action === "enable-integrations";
    await withCliDatabase(context, async ({ db }) => {
      const access = await loadOrgAccessForCommandLine(db, slug);
      await setIntegrationsEnabled(db, {
        organizationId: access.organization.id,
        enabled,
        actor: commandLineActor,
      });
    });
    context.print(
      values.json
        ? JSON.stringify({ slug, integrations_enabled: enabled })
        : `Integrations are ${enabled ? "enabled" : "disabled"} for ${slug}.`,
    );
    return 0;
  },
};
