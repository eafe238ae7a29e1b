/** Control API: the accounts, users and apps a test needs. */
import type { FastifyInstance } from "fastify";
import { ControlError, parseControlInput } from "../../common/control-input.ts";
import { userView } from "../api/user-view.ts";
import { newPersonalMeetingId, newZoomId } from "../identifiers.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { isAdminScope } from "../scopes.ts";
import {
  type App,
  findUserByEmail,
  type Plan,
  type Role,
  type User,
  type UserType,
} from "../state.ts";

const accountSchema = {
  type: "object",
  required: ["plan"],
  additionalProperties: false,
  properties: { plan: { enum: ["free", "pro", "business"] } },
};

const userSchema = {
  type: "object",
  required: ["email", "account_id", "type", "role"],
  additionalProperties: false,
  properties: {
    email: { type: "string", pattern: "^[^@\\s]+@[^@\\s]+$" },
    account_id: { type: "string" },
    type: { enum: [1, 2, 4, 99] },
    role: { enum: ["owner", "admin", "member"] },
    first_name: { type: "string", maxLength: 64 },
    last_name: { type: "string", maxLength: 64 },
    timezone: { type: "string" },
  },
};

const url = { type: "string", pattern: "^https?://" };

const appProperties = {
  client_secret: { type: "string", minLength: 1 },
  name: { type: "string", minLength: 1 },
  redirect_uris: { type: "array", items: url, minItems: 1 },
  scopes: { type: "array", items: { type: "string", minLength: 1 } },
  webhook_url: url,
  webhook_secret: { type: "string", minLength: 1 },
};

const appSchema = {
  type: "object",
  required: ["client_id", "client_secret", "kind", "redirect_uris", "scopes"],
  additionalProperties: false,
  properties: {
    client_id: { type: "string", minLength: 1 },
    kind: { enum: ["user", "admin"] },
    ...appProperties,
  },
};

const appChangeSchema = { type: "object", additionalProperties: false, properties: appProperties };

interface AppInput {
  client_id: string;
  client_secret: string;
  kind: "user" | "admin";
  name?: string;
  redirect_uris: string[];
  scopes: string[];
  webhook_url?: string;
  webhook_secret?: string;
}

function checkApp(app: App): void {
  if (app.kind === "user" && app.scopes.some(isAdminScope)) {
    throw new ControlError(400, 'a user-managed app cannot have :admin scopes; use kind "admin"');
  }
  if (app.webhook_url !== null && app.webhook_secret === null) {
    throw new ControlError(400, "webhook_url needs a webhook_secret to sign deliveries with");
  }
}

async function validateWebhookUrl(context: SandboxContext, app: App): Promise<void> {
  if (app.webhook_url === null) return;
  app.webhook_url_validated = await context.webhooks.validateUrl(app);
}

function publicApp(app: App) {
  const { client_secret: _secret, webhook_secret: _webhookSecret, ...shown } = app;
  return shown;
}

export function registerSetupRoutes(server: FastifyInstance, context: SandboxContext): void {
  const { state } = context;

  server.post("/_sandbox/accounts", async (request, reply) => {
    const input = parseControlInput<{ plan: Plan }>(accountSchema, request.body);
    const account = { id: newZoomId(), plan: input.plan, created_at: context.clock.now() };
    state.accounts.set(account.id, account);
    return reply.code(201).send({ id: account.id, plan: account.plan });
  });

  server.post("/_sandbox/users", async (request, reply) => {
    const input = parseControlInput<{
      email: string;
      account_id: string;
      type: UserType;
      role: Role;
      first_name?: string;
      last_name?: string;
      timezone?: string;
    }>(userSchema, request.body);
    const account = state.accounts.get(input.account_id);
    if (account === undefined)
      throw new ControlError(400, `no account with id ${input.account_id}`);
    if (findUserByEmail(state, input.email) !== undefined) {
      throw new ControlError(400, `a user with email ${input.email} already exists`);
    }
    if (account.plan === "free" && input.type === 2) {
      throw new ControlError(400, "a free account has no licenses: its users are Basic (type 1)");
    }
    const users = [...state.users.values()];
    if (
      input.role === "owner" &&
      users.some((u) => u.account_id === account.id && u.role === "owner")
    ) {
      throw new ControlError(400, "this account already has an owner");
    }
    const user: User = {
      id: newZoomId(),
      email: input.email,
      account_id: account.id,
      type: input.type,
      role: input.role,
      first_name: input.first_name ?? input.email.split("@")[0] ?? "",
      last_name: input.last_name ?? "",
      pmi: newPersonalMeetingId(),
      timezone: input.timezone ?? "UTC",
      created_at: context.clock.now(),
    };
    state.users.set(user.id, user);
    return reply.code(201).send(userView(user, context.baseUrl));
  });

  server.post("/_sandbox/apps", async (request, reply) => {
    const input = parseControlInput<AppInput>(appSchema, request.body);
    if (state.apps.has(input.client_id)) {
      throw new ControlError(400, `an app with client_id ${input.client_id} already exists`);
    }
    const app: App = {
      client_id: input.client_id,
      client_secret: input.client_secret,
      kind: input.kind,
      name: input.name ?? input.client_id,
      redirect_uris: input.redirect_uris,
      scopes: input.scopes,
      webhook_url: input.webhook_url ?? null,
      webhook_secret: input.webhook_secret ?? null,
      webhook_url_validated: null,
    };
    checkApp(app);
    state.apps.set(app.client_id, app);
    await validateWebhookUrl(context, app);
    return reply.code(201).send(publicApp(app));
  });

  server.patch<{ Params: { clientId: string } }>("/_sandbox/apps/:clientId", async (request) => {
    const app = state.apps.get(request.params.clientId);
    if (app === undefined)
      throw new ControlError(404, `no app with client_id ${request.params.clientId}`);
    const input = parseControlInput<Partial<AppInput>>(appChangeSchema, request.body);
    const changed: App = {
      ...app,
      ...input,
      webhook_url: input.webhook_url ?? app.webhook_url,
      webhook_secret: input.webhook_secret ?? app.webhook_secret,
    };
    checkApp(changed);
    Object.assign(app, changed);
    if (input.webhook_url !== undefined || input.webhook_secret !== undefined) {
      await validateWebhookUrl(context, app);
    }
    return publicApp(app);
  });

  server.post<{ Params: { clientId: string } }>(
    "/_sandbox/apps/:clientId/validate-webhook",
    async (request) => {
      const app = state.apps.get(request.params.clientId);
      if (app === undefined)
        throw new ControlError(404, `no app with client_id ${request.params.clientId}`);
      if (app.webhook_url === null) throw new ControlError(400, "this app has no webhook_url");
      await validateWebhookUrl(context, app);
      return publicApp(app);
    },
  );

  server.get("/_sandbox/apps", async () => [...state.apps.values()].map(publicApp));
}
