import assert from "node:assert/strict";
import { test } from "node:test";
import {
  authorizeInOrg,
  canInOrg,
  canInProgram,
  canOperate,
  type OrgAccess,
  orgActions,
  programActions,
} from "../../src/authorization/policy.ts";
import { DomainError } from "../../src/domain-error.ts";

const own = "prg_own";
const other = "prg_other";

function access(orgRole: OrgAccess["orgRole"], programRole?: string): OrgAccess {
  return {
    actor: { userId: "usr_1", isOperator: false },
    organization: { id: "org_1", slug: "acme", name: "Acme", integrationsEnabled: false },
    orgRole,
    programRoles: programRole ? { [own]: programRole } : {},
  };
}

const roles = {
  org_admin: access("org_admin"),
  program_admin: access("member", "program_admin"),
  mentor: access("member", "mentor"),
  mentee: access("member", "mentee"),
  member: access("member"),
};

test("every organization action: org admins may do all, other members only view the organization", () => {
  for (const action of orgActions) {
    for (const [role, a] of Object.entries(roles)) {
      const expected = role === "org_admin" || action === "organization.view";
      assert.equal(canInOrg(a, action), expected, `${role} × ${action}`);
    }
  }
});

test("every program action in one's own program and in another one, for every role (a program admin switches Zoom for their own program only)", () => {
  const expected: Record<string, Record<string, [ownProgram: boolean, otherProgram: boolean]>> = {
    org_admin: {
      "program.view": [true, true],
      "program.settings.manage": [true, true],
      "program.integration.toggle": [true, true],
      "program.roles.manage": [true, true],
      "program.meetings.create": [true, true],
    },
    program_admin: {
      "program.view": [true, false],
      "program.settings.manage": [true, false],
      "program.integration.toggle": [true, false],
      "program.roles.manage": [true, false],
      "program.meetings.create": [true, false],
    },
    mentor: {
      "program.view": [true, false],
      "program.settings.manage": [false, false],
      "program.integration.toggle": [false, false],
      "program.roles.manage": [false, false],
      "program.meetings.create": [true, false],
    },
    mentee: {
      "program.view": [true, false],
      "program.settings.manage": [false, false],
      "program.integration.toggle": [false, false],
      "program.roles.manage": [false, false],
      "program.meetings.create": [true, false],
    },
    member: {
      "program.view": [false, false],
      "program.settings.manage": [false, false],
      "program.integration.toggle": [false, false],
      "program.roles.manage": [false, false],
      "program.meetings.create": [false, false],
    },
  };
  for (const action of programActions) {
    for (const [role, a] of Object.entries(roles)) {
      const [inOwn, inOther] = expected[role]?.[action] ?? [];
      assert.equal(canInProgram(a, action, own), inOwn, `${role} × ${action} (own program)`);
      assert.equal(canInProgram(a, action, other), inOther, `${role} × ${action} (other program)`);
    }
  }
});

test("only operators operate, and being an operator gives no rights inside an organization", () => {
  assert.equal(canOperate({ userId: "usr_1", isOperator: true }, "organizations.create"), true);
  assert.equal(canOperate({ userId: "usr_1", isOperator: false }, "organizations.create"), false);
  assert.equal(canOperate(undefined, "organizations.set_integrations"), false);
  const operatorMember: OrgAccess = {
    ...roles.member,
    actor: { userId: "usr_1", isOperator: true },
  };
  assert.equal(canInOrg(operatorMember, "members.manage"), false);
});

test("a refusal is a forbidden domain error with a message a person can act on", () => {
  assert.throws(
    () => authorizeInOrg(roles.member, "applications.manage"),
    (error) => error instanceof DomainError && error.kind === "forbidden",
  );
});
