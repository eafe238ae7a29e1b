/**
 * The demo's cast: one mentoring organization with two programs (the seed's tracks) and a person
 * for every role, each with the Zoom and Microsoft accounts a flow needs. confab's data and both
 * sandboxes are seeded from this one list, so an email in one is the same person in the others.
 */

export type DemoRole = "Operator" | "Organization admin" | "Program admin" | "Mentor" | "Mentee";

export interface DemoZoomUser {
  /** The paid (Pro) account is Northwind's; the free one belongs to a mentee alone. */
  account: "paid" | "free";
  role: "owner" | "admin" | "member";
  /** 2 licensed, 1 Basic. */
  type: 1 | 2;
}

export interface DemoMicrosoftUser {
  /** A work account of Northwind's Microsoft tenant, or a personal account of their own. */
  account: "work" | "personal";
  /** What they sign in to Microsoft with when it is not their confab email (a personal account). */
  signInEmail?: string;
  teamsLicensed: boolean;
  adminRole?: "global_administrator";
}

export interface DemoPerson {
  email: string;
  name: string;
  role: DemoRole;
  /** What this person is for in the demo, shown beside their one-click sign-in. */
  note: string;
  isOperator?: boolean;
  orgRole?: "org_admin" | "member";
  /** Program name → role in it (program_admin, mentor, mentee). */
  programs?: Record<string, string>;
  zoom?: DemoZoomUser;
  microsoft?: DemoMicrosoftUser;
}

export const demoOrganization = { name: "Northwind Mentoring", slug: "northwind" };

/** Northwind's Microsoft 365 tenant: its verified domain is the one its people's addresses use. */
export const demoMicrosoftTenant = { name: "Northwind Mentoring", domain: "northwind.example" };

export const demoPrograms = { leadership: "Leadership track", engineering: "Engineering track" };

export const demoApplication = { name: "Northwind scheduler" };

export const demoPeople: DemoPerson[] = [
  {
    email: "olivia@confab.example",
    name: "Olivia Operator",
    role: "Operator",
    note: "runs this confab: creates organizations, enables their integrations",
    isOperator: true,
  },
  {
    email: "grace@northwind.example",
    name: "Grace Ito",
    role: "Organization admin",
    note: "owner of Northwind's paid Zoom account: installs Zoom for everyone",
    orgRole: "org_admin",
    zoom: { account: "paid", role: "owner", type: 2 },
    microsoft: { account: "work", teamsLicensed: true, adminRole: "global_administrator" },
  },
  {
    email: "omar@northwind.example",
    name: "Omar Haddad",
    role: "Organization admin",
    note: "a plain Zoom member (his install is refused); can remove Grace afterwards",
    orgRole: "org_admin",
    zoom: { account: "paid", role: "member", type: 2 },
    microsoft: { account: "work", teamsLicensed: true },
  },
  {
    email: "priya@northwind.example",
    name: "Priya Nair",
    role: "Program admin",
    note: "admin of the Leadership track: turns Zoom video call on or off there",
    orgRole: "member",
    programs: { [demoPrograms.leadership]: "program_admin" },
    zoom: { account: "paid", role: "member", type: 2 },
    microsoft: { account: "work", teamsLicensed: true },
  },
  {
    email: "maya@northwind.example",
    name: "Maya Chen",
    role: "Mentor",
    note: "licensed Zoom user of Northwind's account (Leadership track)",
    orgRole: "member",
    programs: { [demoPrograms.leadership]: "mentor" },
    zoom: { account: "paid", role: "member", type: 2 },
    microsoft: { account: "work", teamsLicensed: true },
  },
  {
    email: "leo@northwind.example",
    name: "Leo Martin",
    role: "Mentor",
    note: "licensed Zoom user of Northwind's account (both tracks)",
    orgRole: "member",
    programs: { [demoPrograms.leadership]: "mentor", [demoPrograms.engineering]: "mentor" },
    zoom: { account: "paid", role: "member", type: 2 },
    microsoft: { account: "work", teamsLicensed: true },
  },
  {
    email: "ben@northwind.example",
    name: "Ben Okafor",
    role: "Mentee",
    note: "has a free (Basic) Zoom account of his own: connecting it is refused",
    orgRole: "member",
    programs: { [demoPrograms.leadership]: "mentee" },
    zoom: { account: "free", role: "owner", type: 1 },
    microsoft: { account: "personal", signInEmail: "ben.okafor@outlook.com", teamsLicensed: false },
  },
  {
    email: "sofia@northwind.example",
    name: "Sofia Rossi",
    role: "Mentee",
    note: "no Zoom account: joins as an ordinary participant (Engineering track)",
    orgRole: "member",
    programs: { [demoPrograms.engineering]: "mentee" },
    microsoft: { account: "work", teamsLicensed: false },
  },
  {
    email: "noah@northwind.example",
    name: "Noah Kim",
    role: "Mentee",
    note: "no Zoom account (Leadership track)",
    orgRole: "member",
    programs: { [demoPrograms.leadership]: "mentee" },
  },
];

export function findDemoPerson(email: string): DemoPerson | undefined {
  const wanted = email.trim().toLowerCase();
  return demoPeople.find((person) => person.email === wanted);
}

/** The address a demo person signs in to Microsoft with, when they have a Microsoft account. */
export function microsoftSignInOf(person: DemoPerson): string | undefined {
  return person.microsoft && (person.microsoft.signInEmail ?? person.email);
}

/** A demo person's Microsoft account in a few words, beside their one-click sign-in. */
export function microsoftOf(person: DemoPerson): string | undefined {
  const microsoft = person.microsoft;
  if (!microsoft) return undefined;
  if (microsoft.account === "personal") {
    return `Microsoft: personal account ${microsoftSignInOf(person)} (connecting Teams is refused)`;
  }
  if (!microsoft.teamsLicensed) return "Microsoft: no Teams licence (connecting Teams is refused)";
  return microsoft.adminRole === "global_administrator"
    ? "Microsoft: Teams, Global Administrator of Northwind's tenant"
    : "Microsoft: Teams";
}
