import { commandLineActor, loadOrgAccessForCommandLine } from "../../orgs/load-org-access.ts";
import { addMember, isOrgRole } from "../../orgs/members.ts";
import { assignProgramRole, loadProgram } from "../../orgs/programs.ts";
import { type Command, UsageError } from "../command.ts";
import { actionOf, requiredOption, withCliDatabase } from "../open-cli-database.ts";

export const memberCommand: Command = {
  name: "member",
  summary: "add an existing account to an organization, optionally with a program role",
  usage:
    "member add --org <slug> --email <email> [--role org_admin|member] [--program <prg_id> --program-role <role>] [--json]",
  description:
    "Makes the account a member of the organization (or changes its organization role). With --program, also gives it a role in that program: program_admin, or one of the program's member roles (mentor, mentee by default).",
  options: {
    org: { type: "string" },
    email: { type: "string" },
    role: { type: "string" },
    program: { type: "string" },
    "program-role": { type: "string" },
    json: { type: "boolean" },
  },
  optionHelp: [
    ["--org", "the organization's slug"],
    ["--email", "the account's email (create it with `user create`)"],
    ["--role", "org_admin or member (default member)"],
    ["--program", "a program id (prg_…) of the organization"],
    ["--program-role", "with --program: program_admin or a member role label"],
    ["--json", "print the result as JSON"],
  ],
  allowPositionals: true,
  async run(values, positionals, context) {
    actionOf(positionals, ["add"]);
    const slug = requiredOption(values, "org");
    const email = requiredOption(values, "email");
    const role = typeof values.role === "string" ? values.role : "member";
    if (!isOrgRole(role)) throw new UsageError("--role must be org_admin or member");
    const programId = typeof values.program === "string" ? values.program : undefined;
    const programRole = values["program-role"];
    if ((programId === undefined) !== (programRole === undefined)) {
      throw new UsageError("--program and --program-role go together");
    }
    const result = await withCliDatabase(context, async ({ db }) => {
      const access = await loadOrgAccessForCommandLine(db, slug);
      const { userId } = await addMember(db, {
        organizationId: access.organization.id,
        email,
        role,
        actor: commandLineActor,
      });
      if (programId !== undefined && typeof programRole === "string") {
        const program = await loadProgram(db, access, programId);
        await assignProgramRole(db, access, program, {
          email,
          role: programRole,
          actor: commandLineActor,
        });
      }
      return { user_id: userId, organization_id: access.organization.id, role };
    });
    context.print(
      values.json
        ? JSON.stringify({
            ...result,
            ...(programId ? { program_id: programId, program_role: programRole } : {}),
          })
        : `${email} is a${role === "org_admin" ? "n organization admin" : " member"} of ${slug}${programId ? `, ${programRole} in ${programId}` : ""}.`,
    );
    return 0;
  },
};
