import { commandLineOutbox } from "../../mail/command-line-outbox.ts";
import { inviteMember } from "../../orgs/invitations.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../orgs/load-org-access.ts";
import { addMember, isOrgRole } from "../../orgs/members.ts";
import { assignProgramRole, loadProgram, rolesOf } from "../../orgs/programs.ts";
import { type Command, UsageError } from "../command.ts";
import { actionOf, requiredOption, withCliDatabase } from "../open-cli-database.ts";

export const memberCommand: Command = {
  name: "member",
  summary: "invite someone to an organization by mail, or add an existing account",
  usage:
    "member invite|add --org <slug> --email <email> [--role org_admin|member] [--program <prg_id> --program-role <role>] [--json]",
  description:
    "invite mails an invitation to the address (a single-use link, valid 7 days); accepting it makes the account, or joins the existing one, and proves the address. With mail off the link is printed for you to pass on. add makes an existing account a member at once (or changes its organization role); an account whose address is not confirmed cannot be made an admin of a second organization that way. With --program, either also gives a role in that program: program_admin, or one of the program's member roles (mentor, mentee by default).",
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
    const action = actionOf(positionals, ["invite", "add"]);
    const slug = requiredOption(values, "org");
    const email = requiredOption(values, "email");
    const role = typeof values.role === "string" ? values.role : "member";
    if (!isOrgRole(role)) throw new UsageError("--role must be org_admin or member");
    const programId = typeof values.program === "string" ? values.program : undefined;
    const programRole = values["program-role"];
    if ((programId === undefined) !== (programRole === undefined)) {
      throw new UsageError("--program and --program-role go together");
    }
    if (action === "invite") {
      const invited = await withCliDatabase(context, async ({ db }, vault, config) => {
        const access = await loadOrgAccessForCommandLine(db, slug);
        let program: { programId: string; programName: string; role: string } | undefined;
        if (programId !== undefined && typeof programRole === "string") {
          const found = await loadProgram(db, access, programId);
          if (!rolesOf(found).includes(programRole)) {
            throw new UsageError(
              `--program-role must be one of ${rolesOf(found).join(", ")} for ${found.name}`,
            );
          }
          program = { programId: found.id, programName: found.name, role: programRole };
        }
        return inviteMember(db, access, {
          email,
          role,
          program,
          actor: commandLineActor,
          inviterName: access.organization.name,
          publicUrl: config.publicUrl,
          outbox: commandLineOutbox(config, vault),
        });
      });
      context.print(
        values.json
          ? JSON.stringify({
              email: invited.email,
              organization: slug,
              role,
              mailed: invited.mailed,
              ...(invited.link ? { link: invited.link } : {}),
            })
          : invited.mailed
            ? `Invited ${invited.email} to ${slug}: the invitation is queued for mail (it works once, for 7 days).`
            : `Invited ${invited.email} to ${slug}. Mail is off, so pass on this link yourself (it works once, for 7 days):\n${invited.link}`,
      );
      return 0;
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
