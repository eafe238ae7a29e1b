/**
 * What each recorded action reads as in the audit log. A feature that records a new action adds
 * its words here; an action without words still reads as words, made from its code.
 */
export const auditActionLabels: Record<string, string> = {
  "organization.created": "created the organization",
  "organization.suspended": "suspended",
  "organization.unsuspended": "lifted the suspension of",
  "integrations.enabled": "enabled integrations",
  "integrations.disabled": "disabled integrations",
  "integration.installed": "installed",
  "integration.uninstalled": "uninstalled",
  "integration.uninstalled_at_provider": "uninstalled the organization's install from its side:",
  "integration.broken": "disconnected the organization's install, as the provider refused it:",
  "profile.disconnected_at_provider": "disconnected a personal profile from its side:",
  "profile.broken": "disconnected a personal profile, as the provider refused it:",
  "integration.program_enabled": "enabled",
  "integration.program_disabled": "disabled",
  "member.invited": "invited",
  "member.joined": "joined",
  "member.declined": "declined the invitation:",
  "member.added": "added member",
  "member.removed": "removed member",
  "member.role_changed": "changed the organization role of",
  "program.created": "created program",
  "program.renamed": "renamed program",
  "program.archived": "archived program",
  "program.unarchived": "unarchived program",
  "program.role_assigned": "assigned a program role to",
  "program.role_removed": "removed from a program",
  "program.member_roles_changed": "changed the member roles of",
  "program.fallback_host_rule_changed": "changed who hosts when the creator cannot, in",
  "program.meeting_policy_changed": "changed the meeting policy of",
  "program.guests_allowed": "allowed guests from outside the program in",
  "program.guests_not_allowed": "stopped allowing guests from outside the program in",
  "program.own_profiles_allowed": "allowed members to host meetings with their own Zoom in",
  "program.own_profiles_not_allowed":
    "stopped allowing members to host meetings with their own Zoom in",
  "program.meeting_policy_locked":
    "changed what program admins may change in the meeting policy of",
  "integration.host_account_set": "named the host account of",
  "integration.host_account_cleared": "named no host account for",
  "meeting_mode.enabled": "turned on meeting mode",
  "meeting_mode.disabled": "turned off meeting mode",
  "meeting_mode.added": "added meeting mode",
  "meeting_mode.removed": "removed meeting mode",
  "application.created": "registered application",
  "application.secret_rotated": "rotated the client secret of",
  "application.redirect_uris_changed": "changed the redirect URIs of",
  "application.callback_origins_changed": "changed where notifications may go for",
  "application.deleted": "deleted application",
  "event.provisioning_retried": "retried the meeting of",
};

export function describeAuditAction(action: string): string {
  return auditActionLabels[action] ?? action.replace(/[._]+/g, " ");
}
