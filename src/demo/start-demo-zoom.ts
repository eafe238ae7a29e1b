import path from "node:path";
import type { Logger } from "pino";
import { startZoomSandbox, type ZoomSandbox } from "../../sandbox/zoom/index.ts";
import type { Config } from "../config.ts";
import { zoomScopes } from "../providers/zoom/zoom-access.ts";
import type { ZoomSettings } from "../providers/zoom/zoom-settings.ts";
import { demoPeople } from "./demo-people.ts";
import {
  listenNextToConfab,
  type SandboxControl,
  sandboxControl,
  sandboxUrl,
} from "./demo-sandbox.ts";

/**
 * confab's two Zoom apps as the demo registers them in the sandbox. Fixed values are enough: the
 * sandbox listens on this machine only and its control API, which anyone here can call, holds
 * every secret anyway.
 */
const demoWebhookSecret = "confab-demo-webhook-secret";
export const demoZoomApps = {
  user: {
    clientId: "confab-demo-user-app",
    clientSecret: "confab-demo-user-app-secret",
    webhookSecret: demoWebhookSecret,
  },
  org: {
    clientId: "confab-demo-org-app",
    clientSecret: "confab-demo-org-app-secret",
    webhookSecret: demoWebhookSecret,
  },
};

export interface DemoZoom {
  /** The sandbox's base URL: OAuth, REST (`/v2`) and its control API (`/_sandbox`). */
  url: string;
  /** Whether the sandbox found its state from an earlier run. */
  restored: boolean;
  /** config.zoom, pointed at the sandbox. */
  settings: ZoomSettings;
  /**
   * Registers confab's redirect and webhook URLs with the apps. Call it once confab listens: the
   * sandbox sends its validation challenge to the webhook URL straight away.
   */
  registerUrls(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the Zoom sandbox in this process for the demo, with its state kept in the data folder
 * so connections made before a restart still work after it, and seeds it on the first run.
 */
export async function startDemoZoom(config: Config, logger: Logger): Promise<DemoZoom> {
  const sandbox = await listen(config);
  try {
    const url = sandboxUrl(config, sandbox.url);
    const control = sandboxControl("Zoom sandbox", sandbox.url);
    const apps = await control<{ client_id: string }[]>("GET", "/apps");
    if (!apps.some((app) => app.client_id === demoZoomApps.user.clientId)) {
      await seedSandbox(control, `${config.publicUrl}/oauth/zoom/callback`);
      logger.info({ url }, "demo: Zoom sandbox seeded with the demo's accounts, users and apps");
    }
    const settings: ZoomSettings = {
      ...config.zoom,
      oauthBaseUrl: url,
      apiBaseUrl: `${url}/v2`,
      userApp: demoZoomApps.user,
      orgApp: demoZoomApps.org,
    };
    return {
      url,
      restored: sandbox.restored,
      settings,
      async registerUrls() {
        for (const app of [demoZoomApps.user, demoZoomApps.org]) {
          const registered = await control<{ webhook_url_validated: boolean | null }>(
            "PATCH",
            `/apps/${app.clientId}`,
            {
              redirect_uris: [`${config.publicUrl}/oauth/zoom/callback`],
              webhook_url: `${config.publicUrl}/webhooks/zoom`,
              webhook_secret: app.webhookSecret,
            },
          );
          if (registered.webhook_url_validated !== true) {
            logger.warn(
              { clientId: app.clientId, webhookUrl: `${config.publicUrl}/webhooks/zoom` },
              "demo: the Zoom sandbox could not validate confab's webhook URL (is PUBLIC_URL reachable from this machine?)",
            );
          }
        }
      },
      close: () => sandbox.close(),
    };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

function listen(config: Config): Promise<ZoomSandbox> {
  const stateFile = path.join(config.dataDir, "zoom-sandbox.json");
  return listenNextToConfab(config, 1, (port) =>
    startZoomSandbox({ port, host: config.host, stateFile }),
  );
}

/**
 * Northwind's paid account with its licensed people, a free account for the mentee whose Zoom is
 * Basic, and confab's user-managed and admin-managed apps. Webhook URLs come later (registerUrls).
 */
async function seedSandbox(control: SandboxControl, redirectUri: string): Promise<void> {
  const accounts = {
    paid: (await control<{ id: string }>("POST", "/accounts", { plan: "pro" })).id,
    free: (await control<{ id: string }>("POST", "/accounts", { plan: "free" })).id,
  };
  for (const person of demoPeople) {
    if (!person.zoom) continue;
    const [first, ...rest] = person.name.split(" ");
    await control("POST", "/users", {
      email: person.email,
      account_id: accounts[person.zoom.account],
      type: person.zoom.type,
      role: person.zoom.role,
      first_name: first,
      last_name: rest.join(" "),
    });
  }
  await control("POST", "/apps", {
    client_id: demoZoomApps.user.clientId,
    client_secret: demoZoomApps.user.clientSecret,
    kind: "user",
    name: "confab (demo)",
    redirect_uris: [redirectUri],
    scopes: zoomScopes("personal"),
  });
  await control("POST", "/apps", {
    client_id: demoZoomApps.org.clientId,
    client_secret: demoZoomApps.org.clientSecret,
    kind: "admin",
    name: "confab for organizations (demo)",
    redirect_uris: [redirectUri],
    scopes: zoomScopes("organization"),
  });
}
