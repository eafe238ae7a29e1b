import { type DemoPerson, demoApplication, demoPeople, microsoftSignInOf } from "./demo-people.ts";
import type { DemoData } from "./seed-demo-data.ts";
import type { DemoMode } from "./start-demo.ts";

const rule = "=".repeat(78);

/**
 * What `npm start` tells a newcomer in demo mode, as plain lines between rules, so it stands out
 * among the JSON log lines around it.
 */
export function describeDemo(publicUrl: string, demo: DemoMode & DemoData): string[] {
  const person = (email: string) => demoPeople.find((p) => p.email === email) as DemoPerson;
  const grace = person("grace@northwind.example");
  const maya = person("maya@northwind.example");
  const ben = person("ben@northwind.example");
  const priya = person("priya@northwind.example");
  const width = Math.max(...demoPeople.map((p) => p.name.length));
  const roleWidth = Math.max(...demoPeople.map((p) => p.role.length));
  const emailWidth = Math.max(...demoPeople.map((p) => p.email.length));
  return [
    "",
    rule,
    `  confab demo: open ${publicUrl}/sign-in  (Ctrl-C to stop)`,
    demo.zoomSandboxUrl
      ? `  Zoom is the Zoom sandbox at ${demo.zoomSandboxUrl}, not zoom.us.`
      : "  Zoom is the one the ZOOM_* variables point at.",
    demo.microsoftSandboxUrl
      ? `  Microsoft is the Microsoft sandbox at ${demo.microsoftSandboxUrl}, not microsoft.com.`
      : "  Microsoft is the one the MICROSOFT_* variables point at.",
    demo.mailbox
      ? `  Mail goes to the demo's own SMTP server; read it at ${publicUrl}/demo/inbox`
      : "  Mail goes to the SMTP server in SMTP_URL.",
    "",
    "  Demo accounts (one-click sign-in on the sign-in page, demo mode only):",
    ...demoPeople.map((p) =>
      `    ${p.role.padEnd(roleWidth)}  ${p.name.padEnd(width)}  ${p.email.padEnd(emailWidth)}  ${zoomOf(p)}`.trimEnd(),
    ),
    "",
    "  Try first:",
    `    1. ${grace.name}: Manage → Integrations → Zoom → Install → Continue, consent as ${grace.email},`,
    "       then enable Zoom for the Leadership track.",
    `    2. ${priya.name}: Leadership track → Program settings → Permissions → Zoom video call: on.`,
    `    3. ${maya.name}: Your account → Conferencing services → Add conferencing service → Zoom.`,
    `    4. ${ben.name}: the same with his free Zoom account is refused, and says why.`,
    `    5. ${maya.name}: Leadership track → New meeting → invite ${ben.name} and Leo → Zoom video call:`,
    "       she hosts, Leo (licensed) is an alternative host, Ben joins; the link appears at once,",
    "       and each of them finds a calendar invitation in the Demo inbox.",
    ...(demo.microsoftSandboxUrl ? teamsLines(maya) : []),
    ...(demo.application
      ? [
          "",
          `  API: the demo application "${demoApplication.name}"`,
          `    client_id     ${demo.application.clientId}`,
          demo.application.clientSecret
            ? `    client_secret ${demo.application.clientSecret}  (shown this once: keep it)`
            : `    client_secret shown when it was made; ${person("grace@northwind.example").name} can rotate it under Manage → Applications`,
        ]
      : []),
    "",
    "  Demo mode is for trying confab on this machine. CONFAB_DEMO=0 turns it off.",
    rule,
    "",
  ];
}

function zoomOf(person: DemoPerson): string {
  const zoom = person.zoom;
  if (!zoom) return person.isOperator ? "" : "no Zoom account";
  if (zoom.type === 1) return "Zoom: Basic (free account)";
  return `Zoom: licensed${zoom.role === "member" ? "" : `, ${zoom.role}`} (Northwind's paid account)`;
}

/**
 * Personal Microsoft Teams: whom to sign in as on the sandbox's Microsoft page, and what each
 * shows. Named only with the sandbox: with MICROSOFT_* set, these people are not there.
 */
function teamsLines(maya: DemoPerson): string[] {
  const refused = demoPeople.filter(
    (p) => p.microsoft && (p.microsoft.account === "personal" || !p.microsoft.teamsLicensed),
  );
  const shown = [maya, ...refused];
  const width = Math.max(...shown.map((p) => (microsoftSignInOf(p) ?? "").length));
  const outcome = (p: DemoPerson) =>
    p.microsoft?.account === "personal"
      ? "a personal Microsoft account: refused, and says why"
      : p.microsoft?.teamsLicensed
        ? "work account with a Teams licence: connects"
        : "work account without a Teams licence: refused, and says why";
  return [
    "",
    `  Microsoft Teams: as ${maya.name}, Your account → Conferencing services → Add conferencing`,
    "  service → Microsoft Teams; at Microsoft's sign-in type one of these, then Accept:",
    ...shown.map((p) => `    ${(microsoftSignInOf(p) ?? "").padEnd(width)}  ${outcome(p)}`),
  ];
}
