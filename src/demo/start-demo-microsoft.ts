import path from "node:path";
import type { Logger } from "pino";
import { type MicrosoftSandbox, startMicrosoftSandbox } from "../../sandbox/microsoft/index.ts";
import type { Config } from "../config.ts";
import { oauthRedirectUri } from "../connections/oauth-binding.ts";
import type { MicrosoftSettings } from "../providers/microsoft/microsoft-settings.ts";
import { demoMicrosoftTenant, demoPeople, microsoftSignInOf } from "./demo-people.ts";
import {
  listenNextToConfab,
  type SandboxControl,
  sandboxControl,
  sandboxUrl,
} from "./demo-sandbox.ts";

/**
 * confab's app registrations as the demo makes them in the sandbox: the one people consent to
 * for their own Teams, and the one Northwind's Global Administrator consents to for everyone
 * (organization installs under Manage → Integrations). Fixed values
 * are enough for the same reason as Zoom's demo apps: the sandbox's control API, which anyone on
 * this machine can call, holds every secret anyway.
 */
export const demoMicrosoftApps = {
  user: {
    clientId: "confab-demo-microsoft-user-app",
    clientSecret: "confab-demo-microsoft-user-app-secret",
  },
  organization: {
    clientId: "confab-demo-microsoft-org-app",
    clientSecret: "confab-demo-microsoft-org-app-secret",
  },
};

/** The delegated permissions confab's user app is registered with (docs/production.md). */
const userAppPermissions = ["User.Read", "Calendars.ReadWrite"];

/** The application permissions confab's organization app is registered with (likewise). */
const orgAppPermissions = ["Calendars.ReadWrite", "User.Read.All"];

/** The provider name Microsoft Teams is known by, in confab's URLs as in the Cronofy API. */
const teamsProviderName = "ms_teams";

export interface DemoMicrosoft {
  /** The sandbox's base URL: identity (`/{tenant}/oauth2/v2.0`), Graph (`/v1.0`), `/_sandbox`. */
  url: string;
  /** Whether the sandbox found its state from an earlier run. */
  restored: boolean;
  /** config.microsoft, pointed at the sandbox. */
  settings: MicrosoftSettings;
  close(): Promise<void>;
}

interface Listed {
  tenants: { id: string; domain: string }[];
  users: { user_principal_name: string }[];
  apps: { client_id: string }[];
}

/**
 * Starts the Microsoft sandbox in this process for the demo, with its state in the data folder,
 * and makes sure it holds Northwind's tenant, the demo people's Microsoft accounts and confab's
 * two apps: each is added when missing, so a state file from an older demo gains what is new, and
 * the apps' redirect URI follows PUBLIC_URL from start to start.
 */
export async function startDemoMicrosoft(config: Config, logger: Logger): Promise<DemoMicrosoft> {
  const stateFile = path.join(config.dataDir, "microsoft-sandbox.json");
  // Zoom's sandbox takes the port after confab's; this one the next.
  const sandbox: MicrosoftSandbox = await listenNextToConfab(config, 2, (port) =>
    startMicrosoftSandbox({ port, host: config.host, stateFile }),
  );
  try {
    const url = sandboxUrl(config, sandbox.url);
    const added = await setUpSandbox(
      sandboxControl("Microsoft sandbox", sandbox.url),
      oauthRedirectUri(config, teamsProviderName),
    );
    if (added > 0) {
      logger.info(
        { url, added },
        "demo: Microsoft sandbox set up with Northwind's tenant, people and apps",
      );
    }
    return {
      url,
      restored: sandbox.restored,
      settings: {
        ...config.microsoft,
        authorityBaseUrl: url,
        graphBaseUrl: url,
        userApp: demoMicrosoftApps.user,
        orgApp: demoMicrosoftApps.organization,
      },
      close: () => sandbox.close(),
    };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

/**
 * Northwind's tenant with its Global Administrator, licensed members and one member without a
 * Teams licence; a personal outlook.com account; confab's user and organization apps. Returns how
 * many were added.
 */
async function setUpSandbox(control: SandboxControl, redirectUri: string): Promise<number> {
  const listed: Listed = {
    tenants: await control("GET", "/tenants"),
    users: await control("GET", "/users"),
    apps: await control("GET", "/apps"),
  };
  let added = 0;
  let tenant = listed.tenants.find((t) => t.domain.toLowerCase() === demoMicrosoftTenant.domain);
  if (!tenant) {
    tenant = await control<{ id: string; domain: string }>("POST", "/tenants", {
      display_name: demoMicrosoftTenant.name,
      domain: demoMicrosoftTenant.domain,
    });
    added += 1;
  }
  const present = new Set(listed.users.map((u) => u.user_principal_name.toLowerCase()));
  for (const person of demoPeople) {
    const email = microsoftSignInOf(person);
    if (!person.microsoft || !email || present.has(email.toLowerCase())) continue;
    const [first, ...rest] = person.name.split(" ");
    const names = { display_name: person.name, given_name: first, surname: rest.join(" ") };
    await control(
      "POST",
      "/users",
      person.microsoft.account === "personal"
        ? { email, account_type: "personal", ...names }
        : {
            email,
            account_type: "work",
            tenant_id: tenant.id,
            ...names,
            teams_licensed: person.microsoft.teamsLicensed,
            admin_role: person.microsoft.adminRole ?? null,
          },
    );
    added += 1;
  }
  const registrations = [
    {
      app: demoMicrosoftApps.user,
      registration: {
        name: "confab (demo)",
        redirect_uris: [redirectUri],
        // Personal accounts may sign in so that confab itself refuses them, with its reason.
        sign_in_audience: "AzureADandPersonalMicrosoftAccount",
        delegated_permissions: userAppPermissions,
      },
    },
    {
      app: demoMicrosoftApps.organization,
      registration: {
        name: "confab for organizations (demo)",
        redirect_uris: [redirectUri],
        // Admin consent is for a tenant: work and school accounts only.
        sign_in_audience: "AzureADMultipleOrgs",
        application_permissions: orgAppPermissions,
        // An install signs its admin in first and reads their directory roles (`wids`).
        group_membership_claims: "DirectoryRole",
      },
    },
  ];
  for (const { app, registration } of registrations) {
    if (listed.apps.some((a) => a.client_id === app.clientId)) {
      await control("PATCH", `/apps/${app.clientId}`, registration);
    } else {
      await control("POST", "/apps", {
        client_id: app.clientId,
        client_secret: app.clientSecret,
        ...registration,
      });
      added += 1;
    }
  }
  return added;
}
