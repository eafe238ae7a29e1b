/** Control API: the tenants, users and apps a test needs. */
import type { FastifyInstance } from "fastify";
import { ControlError, parseControlInput } from "../../common/control-input.ts";
import { newGuid, newPersonalAccountId, newSecret } from "../identifiers.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import {
  type AdminRole,
  type App,
  CONSUMERS_TENANT_ID,
  findUserBySignInName,
  type GroupMembershipClaims,
  type SignInAudience,
  type Tenant,
  type User,
} from "../state.ts";

const domain = { type: "string", pattern: "^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$" };
const email = { type: "string", pattern: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$" };
const name = { type: "string", minLength: 1, maxLength: 256 };
const url = { type: "string", pattern: "^https?://" };
const permission = { type: "string", pattern: "^[A-Za-z]+(\\.[A-Za-z]+)+$" };

const tenantSchema = {
  type: "object",
  required: ["display_name", "domain"],
  additionalProperties: false,
  properties: {
    display_name: name,
    domain,
    id: {
      type: "string",
      pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    },
  },
};

const userSchema = {
  type: "object",
  required: ["email", "account_type"],
  additionalProperties: false,
  properties: {
    email,
    account_type: { enum: ["work", "personal"] },
    tenant_id: { type: "string" },
    display_name: name,
    given_name: name,
    surname: name,
    job_title: name,
    teams_licensed: { type: "boolean" },
    has_mailbox: { type: "boolean" },
    admin_role: {
      enum: [
        "global_administrator",
        "privileged_role_administrator",
        "cloud_application_administrator",
        null,
      ],
    },
  },
};

const appProperties = {
  client_secret: { type: "string", minLength: 1 },
  name,
  redirect_uris: { type: "array", items: url, minItems: 1 },
  sign_in_audience: { enum: ["AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount"] },
  application_permissions: { type: "array", items: permission },
  delegated_permissions: { type: "array", items: permission },
  group_membership_claims: {
    enum: ["None", "SecurityGroup", "DirectoryRole", "ApplicationGroup", "All"],
  },
};

const appSchema = {
  type: "object",
  required: ["redirect_uris"],
  additionalProperties: false,
  properties: { client_id: { type: "string", minLength: 1 }, ...appProperties },
};

const appChangeSchema = { type: "object", additionalProperties: false, properties: appProperties };

interface UserInput {
  email: string;
  account_type: "work" | "personal";
  tenant_id?: string;
  display_name?: string;
  given_name?: string;
  surname?: string;
  job_title?: string;
  teams_licensed?: boolean;
  has_mailbox?: boolean;
  admin_role?: AdminRole | null;
}

interface AppInput {
  client_id?: string;
  client_secret?: string;
  name?: string;
  redirect_uris: string[];
  sign_in_audience?: SignInAudience;
  application_permissions?: string[];
  delegated_permissions?: string[];
  group_membership_claims?: GroupMembershipClaims;
}

/** The app without its secret, except right after creation, where the caller needs it. */
export function publicApp(app: App) {
  const { client_secret: _secret, ...shown } = app;
  return shown;
}

function tenantOfWorkUser(context: SandboxContext, input: UserInput): Tenant {
  if (input.tenant_id === undefined)
    throw new ControlError(400, "a work account needs a tenant_id");
  const tenant = context.state.tenants.get(input.tenant_id);
  if (tenant === undefined || tenant.id === CONSUMERS_TENANT_ID) {
    throw new ControlError(400, `no tenant with id ${input.tenant_id}`);
  }
  const userDomain = input.email.split("@")[1]?.toLowerCase();
  if (userDomain !== tenant.domain.toLowerCase()) {
    throw new ControlError(
      400,
      `a work account's user principal name must end with the tenant's verified domain @${tenant.domain}`,
    );
  }
  return tenant;
}

function checkPersonalUser(input: UserInput): void {
  if (input.tenant_id !== undefined && input.tenant_id !== CONSUMERS_TENANT_ID) {
    throw new ControlError(
      400,
      `personal Microsoft accounts live in the consumers tenant ${CONSUMERS_TENANT_ID}`,
    );
  }
  if (input.admin_role !== undefined && input.admin_role !== null) {
    throw new ControlError(400, "a personal Microsoft account has no directory roles");
  }
  if (input.teams_licensed === true) {
    throw new ControlError(400, "a personal Microsoft account holds no organization licence");
  }
}

export function registerSetupRoutes(server: FastifyInstance, context: SandboxContext): void {
  const { state } = context;

  server.post("/_sandbox/tenants", async (request, reply) => {
    const input = parseControlInput<{ display_name: string; domain: string; id?: string }>(
      tenantSchema,
      request.body,
    );
    for (const tenant of state.tenants.values()) {
      if (tenant.domain.toLowerCase() === input.domain.toLowerCase()) {
        throw new ControlError(400, `a tenant with domain ${input.domain} already exists`);
      }
    }
    const tenant: Tenant = {
      id: input.id ?? newGuid(),
      display_name: input.display_name,
      domain: input.domain,
      created_at: context.clock.now(),
    };
    if (state.tenants.has(tenant.id))
      throw new ControlError(400, `a tenant with id ${tenant.id} already exists`);
    state.tenants.set(tenant.id, tenant);
    return reply.code(201).send(tenant);
  });

  server.get("/_sandbox/tenants", async () => [...state.tenants.values()]);

  server.post("/_sandbox/users", async (request, reply) => {
    const input = parseControlInput<UserInput>(userSchema, request.body);
    if (findUserBySignInName(state, input.email) !== undefined) {
      throw new ControlError(400, `a user signing in as ${input.email} already exists`);
    }
    const personal = input.account_type === "personal";
    if (personal) checkPersonalUser(input);
    const tenantId = personal ? CONSUMERS_TENANT_ID : tenantOfWorkUser(context, input).id;
    const local = input.email.split("@")[0] ?? input.email;
    const user: User = {
      id: personal ? newPersonalAccountId() : newGuid(),
      tenant_id: tenantId,
      user_principal_name: input.email,
      mail: personal || input.has_mailbox !== false ? input.email : null,
      display_name: input.display_name ?? local,
      given_name: input.given_name ?? null,
      surname: input.surname ?? null,
      job_title: input.job_title ?? null,
      account_type: input.account_type,
      teams_licensed: input.teams_licensed ?? !personal,
      has_mailbox: input.has_mailbox ?? true,
      admin_role: input.admin_role ?? null,
      created_at: context.clock.now(),
    };
    state.users.set(user.id, user);
    return reply.code(201).send(user);
  });

  server.get("/_sandbox/users", async () => [...state.users.values()]);

  server.post("/_sandbox/apps", async (request, reply) => {
    const input = parseControlInput<AppInput>(appSchema, request.body);
    const clientId = input.client_id ?? newGuid();
    if (state.apps.has(clientId))
      throw new ControlError(400, `an app with client_id ${clientId} already exists`);
    const app: App = {
      client_id: clientId,
      client_secret: input.client_secret ?? newSecret(30),
      name: input.name ?? clientId,
      redirect_uris: input.redirect_uris,
      sign_in_audience: input.sign_in_audience ?? "AzureADandPersonalMicrosoftAccount",
      application_permissions: input.application_permissions ?? [],
      delegated_permissions: input.delegated_permissions ?? [],
      group_membership_claims: input.group_membership_claims ?? "None",
    };
    state.apps.set(app.client_id, app);
    // The secret is shown once, as the app registration portal does.
    return reply.code(201).send(app);
  });

  server.patch<{ Params: { clientId: string } }>("/_sandbox/apps/:clientId", async (request) => {
    const app = state.apps.get(request.params.clientId);
    if (app === undefined)
      throw new ControlError(404, `no app with client_id ${request.params.clientId}`);
    const input = parseControlInput<Partial<AppInput>>(appChangeSchema, request.body);
    Object.assign(app, input);
    return publicApp(app);
  });

  server.get("/_sandbox/apps", async () => [...state.apps.values()].map(publicApp));
}
