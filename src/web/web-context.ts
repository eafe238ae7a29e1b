import type { FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { User } from "../accounts/create-user.ts";
import type { AuditActor } from "../audit/record-audit-entry.ts";
import type { Actor, OrgAccess } from "../authorization/policy.ts";
import type { CallbackPolicy } from "../callbacks/callback-target.ts";
import type { Config } from "../config.ts";
import type { Schema } from "../db/schema.ts";
import type { DemoMode } from "../demo/start-demo.ts";
import { DomainError } from "../domain-error.ts";
import type { Outbox } from "../mail/outbox.ts";
import { listUserOrganizations } from "../orgs/list-organizations.ts";
import { loadOrgAccess } from "../orgs/load-org-access.ts";
import type { Vault } from "../vault/vault.ts";
import type { Html } from "./html.ts";
import { layout, type PageChrome } from "./layout.ts";

/** What every page plugin is given. */
export interface WebContext {
  config: Config;
  db: Kysely<Schema>;
  vault: Vault;
  /** Where pages queue mail: invitations, resets, address checks. */
  outbox: Outbox;
  /** True when confab is served over https: cookies are Secure. */
  secure: boolean;
  /** Set in demo mode only (never in production): the banner and one-click sign-in. */
  demo?: DemoMode | undefined;
  /** The egress rule for URLs confab calls on an application's behalf. */
  callbacks: CallbackPolicy;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in user, set from the session cookie for every page request. */
    viewer: User | undefined;
    /** The session id from the cookie, when it names a live session. */
    sessionId: string | undefined;
  }
}

const tokens = new WeakMap<FastifyReply, string>();

/**
 * The CSRF token for this reply's forms. Made once per reply: a second token made before the
 * browser has the secret cookie would come from a second secret and fail.
 */
export function csrfToken(reply: FastifyReply): string {
  let token = tokens.get(reply);
  if (token === undefined) {
    token = reply.generateCsrf();
    tokens.set(reply, token);
  }
  return token;
}

/** The signed-in user, or a redirect to sign in (see the web error handler). */
export function requireViewer(request: FastifyRequest): User {
  if (!request.viewer) throw new DomainError("unauthenticated", "Sign in to continue.");
  return request.viewer;
}

export function actorOfViewer(viewer: User): Actor {
  return { userId: viewer.id, isOperator: viewer.isOperator };
}

export function auditActorOf(viewer: User): AuditActor {
  return { userId: viewer.id, label: viewer.email };
}

/** The signed-in user's standing in the organization named by the URL's `:org`. */
export async function requireOrgAccess(
  context: WebContext,
  request: FastifyRequest,
): Promise<OrgAccess> {
  const viewer = requireViewer(request);
  const { org } = request.params as { org?: string };
  return loadOrgAccess(context.db, actorOfViewer(viewer), org ?? "");
}

export interface RenderOptions {
  title: string;
  main: Html;
  access?: OrgAccess;
  manageSection?: string;
  status?: number;
}

/** Sends a page in the shared layout, with the top bar filled in for the signed-in user. */
export async function sendPage(
  context: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  options: RenderOptions,
): Promise<FastifyReply> {
  const chrome: PageChrome = {
    csrfToken: csrfToken(reply),
    demo: context.demo,
    support: context.config.support,
  };
  const viewer = request.viewer;
  if (viewer) {
    chrome.viewer = viewer;
    chrome.organizations = await listUserOrganizations(context.db, viewer.id);
  }
  if (options.access) {
    chrome.organization = {
      slug: options.access.organization.slug,
      name: options.access.organization.name,
      isAdmin: options.access.orgRole === "org_admin",
    };
  }
  chrome.manageSection = options.manageSection;
  // Pages carry what is shown once (a client secret, a feed address) and the form token: no
  // cache may keep them, old HTTP/1.0 ones included.
  reply.header("cache-control", "no-store");
  reply.header("pragma", "no-cache");
  return reply
    .status(options.status ?? 200)
    .type("text/html; charset=utf-8")
    .send(layout({ ...chrome, title: options.title, main: options.main }));
}
