/**
 * The sections under Manage, in menu order; `path` follows /o/<org>/manage/. A feature with an
 * admin page adds its section here and registers its route in src/web/web-pages.ts.
 */
export const manageSections: { path: string; label: string; summary: string }[] = [
  { path: "members", label: "Members", summary: "Invite people, set their roles, remove them." },
  { path: "programs", label: "Programs", summary: "Create programs and open their settings." },
  {
    path: "applications",
    label: "Applications",
    summary: "API clients, their client ids, secrets and redirect URIs.",
  },
  {
    path: "integrations",
    label: "Integrations",
    summary: "Conferencing services installed for the whole organization.",
  },
  {
    path: "operations",
    label: "Operations",
    summary: "Meetings being made, failing ones to retry, Zoom connections and daily budgets.",
  },
  { path: "audit-log", label: "Audit log", summary: "Who changed what, and when." },
];
