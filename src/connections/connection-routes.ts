import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { findSessionUser } from "../accounts/sessions.ts";
import { openWatchTokens } from "../conferencing/watch-token.ts";
import type { Config } from "../config.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { listUserOrganizations } from "../orgs/list-organizations.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { Providers } from "../providers/registry.ts";
import type { Vault } from "../vault/vault.ts";
import { type Html, html } from "../web/html.ts";
import { layout, type PageChrome } from "../web/layout.ts";
import { localReturnPath } from "../web/local-return-path.ts";
import { readSessionCookie } from "../web/sessions-cookie.ts";
import { type AlreadyConnected, alreadyConnected } from "./already-connected.ts";
import { applyProviderEvents } from "./apply-provider-events.ts";
import { completeAuthorization } from "./authorize-connection.ts";
import { sealOutcomeMessage } from "./connection-outcome-message.ts";
import { finishedRoundTripOf, rememberFinishedRoundTrip } from "./finished-round-trip.ts";
import {
  clearBindingCookie,
  oauthRedirectUri,
  readBindingCookie,
  setBindingCookie,
} from "./oauth-binding.ts";

const providerParams = {
  type: "object",
  properties: { provider: { type: "string" } },
  required: ["provider"],
} as const;

interface Deps {
  config: Config;
  db: Kysely<Schema>;
  vault: Vault;
  providers: Providers;
}

/** Where providers come back to: the OAuth callback, and their webhooks. */
export function connectionRoutes({ config, db, vault, providers }: Deps) {
  return async (app: FastifyInstance) => {
    const providerNamed = (name: string) => {
      const provider = providers.get(name);
      if (!provider)
        throw new DomainError("not_found", `confab knows no provider called "${name}".`);
      return provider;
    };
    // These pages are outside the web pages' scope, so the top bar's viewer is looked up here:
    // a signed-in person coming back from the provider is not offered "Sign in".
    const chromeOf = async (request: FastifyRequest, reply: FastifyReply) => {
      const sessionId = readSessionCookie(request, config.publicUrl.startsWith("https:"));
      const viewer = sessionId ? await findSessionUser(db, sessionId) : undefined;
      if (!viewer) return {};
      return {
        viewer,
        organizations: await listUserOrganizations(db, viewer.id),
        csrfToken: reply.generateCsrf(),
      } satisfies PageChrome;
    };

    app.get<{ Params: { provider: string }; Querystring: Record<string, string> }>(
      "/oauth/:provider/callback",
      {
        schema: {
          params: providerParams,
        },
      },
      async (request, reply) => {
        const provider = providerNamed(request.params.provider);
        const parameters = new URLSearchParams(request.query);
        // The same callback again (a reload, Back): its state and code are spent, but if this
        // browser spent them on a connection, that is what it is told, and nothing is redone.
        const replay = finishedRoundTripOf(request, config, vault, request.query.state);
        const done = replay && (await alreadyConnected(db, vault, provider.displayName, replay));
        if (done) return alreadyConnectedPage(reply, await chromeOf(request, reply), done);
        try {
          const binding = readBindingCookie(request, config);
          const outcome = await completeAuthorization(
            { db, vault, provider, redirectUri: oauthRedirectUri(config, provider.name) },
            parameters,
            binding,
          );
          if (outcome.result === "continue") {
            // The round trip's second step, from the same browser: its cookie is kept, renewed.
            if (binding) setBindingCookie(reply, config, binding);
            return reply.redirect(outcome.url.href, 303);
          }
          // Cleared only once its round trip is spent: a refused callback (one forged into this
          // browser, say) must not end the round trip the browser itself has under way.
          clearBindingCookie(reply, config);
          if (outcome.result === "connected") {
            rememberFinishedRoundTrip(reply, config, vault, {
              state: parameters.get("state") as string,
              connectionId: outcome.connectionId,
              kind: outcome.kind,
              ownerRef: outcome.ownerRef,
              returnTo: outcome.returnTo,
            });
          }
          // Set by confab itself, yet judged like any return path: a stored value is never trusted.
          const target = new URL(localReturnPath(outcome.returnTo), config.publicUrl);
          target.searchParams.set("connection_result", outcome.result);
          if (outcome.result === "connected")
            target.searchParams.set("connection_id", outcome.connectionId);
          if (outcome.result === "refused") {
            target.searchParams.set(
              "connection_message",
              sealOutcomeMessage(vault, outcome.message),
            );
          }
          // The provider refuses a non-admin's organization install with the same `access_denied`
          // as a Decline, so the installer is told both, and what to do about the first.
          if (outcome.result === "declined" && outcome.kind === "organization") {
            target.searchParams.set("connection_result", "refused");
            target.searchParams.set(
              "connection_message",
              sealOutcomeMessage(vault, organizationNotInstalled(provider.displayName)),
            );
          }
          return reply.redirect(`${target.pathname}${target.search}`, 303);
        } catch (error) {
          if (error instanceof DomainError) {
            const chrome = await chromeOf(request, reply);
            return problemPage(
              reply,
              chrome,
              error.kind === "forbidden" ? 403 : 400,
              error.message,
            );
          }
          throw error;
        }
      },
    );

    // Webhooks are checked over the exact bytes received, so this scope keeps JSON bodies raw.
    await app.register(async (scope) => {
      scope.addContentTypeParser(
        "application/json",
        { parseAs: "string" },
        (_request, body, done) => done(null, body),
      );
      scope.post<{
        Params: { provider: string };
        Body: string;
        Querystring: Record<string, string | undefined>;
      }>(
        "/webhooks/:provider",
        {
          schema: {
            params: providerParams,
          },
        },
        async (request, reply) => {
          const provider = providerNamed(request.params.provider);
          const rawBody = typeof request.body === "string" ? request.body : "";
          let reading: ReturnType<typeof provider.readWebhook>;
          let watched: Map<string, string>;
          try {
            reading = provider.readWebhook(rawBody, request.headers, request.query);
            watched = openWatchTokens(vault, reading);
          } catch (error) {
            if (error instanceof ProviderError) {
              request.log.warn(
                { provider: provider.name, reason: error.message },
                "webhook refused",
              );
              throw new DomainError("unauthenticated", error.message);
            }
            throw error;
          }
          if (reading.textReply !== undefined) {
            return reply.status(200).type("text/plain; charset=utf-8").send(reading.textReply);
          }
          if (reading.reply) return reading.reply;
          const outcome = await applyProviderEvents(db, provider, reading, watched);
          return reply.status(reading.acceptedStatus ?? 200).send({ status: outcome });
        },
      );
    });
  };
}

function organizationNotInstalled(name: string): string {
  return `Nothing was installed: either Decline was pressed at ${name}, or the ${name} user who signed in is not an owner or admin of the ${name} account. Only an owner or admin can install ${name} for an organization; sign in as one, or ask one to install it.`;
}

/**
 * The page for a callback opened again after it connected: says what is connected and leads on.
 * A hosted link leads back to its application without anything added: the application was sent
 * its profile the first time, and a reload must not send it again.
 */
function alreadyConnectedPage(reply: FastifyReply, chrome: PageChrome, done: AlreadyConnected) {
  let onward: Html;
  if (done.hostedLink) {
    onward = html`<p><a class="button button-primary" href="${done.hostedLink.redirectUri}">Back to ${done.hostedLink.applicationName}</a></p>`;
  } else if (done.returnTo.startsWith("/conferencing/")) {
    // A link's own page (a relink) has done its work: going back to it would only say so again.
    onward = html`<p>You can close this page.</p>`;
  } else {
    const path = localReturnPath(done.returnTo);
    onward = html`<p><a class="button button-primary" href="${path}">${onwardLabel(path)}</a></p>`;
  }
  return sendLayout(reply, 200, {
    ...chrome,
    title: "Already connected",
    main: html`<section class="panel narrow">
      <h1>Already connected</h1>
      <div class="alert alert-ok" role="status" data-already-connected>This connection was made already: ${done.what} is connected.</div>
      ${onward}
    </section>`,
  });
}

function onwardLabel(path: string): string {
  const pathname = path.split("?", 1)[0] as string;
  if (pathname === "/account/conferencing") return "Go to Conferencing services";
  if (/^\/o\/[^/]+\/manage\/integrations$/.test(pathname)) return "Go to Integrations";
  return "Continue";
}

function sendLayout(reply: FastifyReply, status: number, page: Parameters<typeof layout>[0]) {
  // What these pages say is this browser's own; no cache keeps it.
  return reply
    .status(status)
    .header("cache-control", "no-store")
    .type("text/html; charset=utf-8")
    .send(layout(page));
}

function problemPage(reply: FastifyReply, chrome: PageChrome, status: number, message: string) {
  return sendLayout(reply, status, {
    ...chrome,
    title: "Connecting did not finish",
    main: html`<h1>Connecting did not finish</h1>
      <p class="lead">${message}</p>
      <p><a href="/">Back to confab</a></p>`,
  });
}
