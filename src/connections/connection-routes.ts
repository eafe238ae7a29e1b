import type { FastifyInstance, FastifyReply } from "fastify";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { Providers } from "../providers/registry.ts";
import type { Vault } from "../vault/vault.ts";
import { html } from "../web/html.ts";
import { layout } from "../web/layout.ts";
import { localReturnPath } from "../web/local-return-path.ts";
import { applyProviderEvents } from "./apply-provider-events.ts";
import { completeAuthorization } from "./authorize-connection.ts";
import { sealOutcomeMessage } from "./connection-outcome-message.ts";
import { clearBindingCookie, oauthRedirectUri, readBindingCookie } from "./oauth-binding.ts";

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
        try {
          const outcome = await completeAuthorization(
            { db, vault, provider, redirectUri: oauthRedirectUri(config, provider.name) },
            parameters,
            readBindingCookie(request, config),
          );
          // Cleared only once its round trip is spent: a refused callback (one forged into this
          // browser, say) must not end the round trip the browser itself has under way.
          clearBindingCookie(reply, config);
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
          if (error instanceof DomainError)
            return problemPage(reply, error.kind === "forbidden" ? 403 : 400, error.message);
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
      scope.post<{ Params: { provider: string }; Body: string }>(
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
          try {
            reading = provider.readWebhook(rawBody, request.headers);
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
          if (reading.reply) return reading.reply;
          const outcome = await applyProviderEvents(db, provider, reading);
          return reply.status(200).send({ status: outcome });
        },
      );
    });
  };
}

function organizationNotInstalled(name: string): string {
  return `Nothing was installed: either Decline was pressed at ${name}, or the ${name} user who signed in is not an owner or admin of the ${name} account. Only an owner or admin can install ${name} for an organization; sign in as one, or ask one to install it.`;
}

function problemPage(reply: FastifyReply, status: number, message: string) {
  return reply
    .status(status)
    .type("text/html; charset=utf-8")
    .send(
      layout({
        title: "Connecting did not finish",
        main: html`<h1>Connecting did not finish</h1>
      <p class="lead">${message}</p>
      <p><a href="/">Back to confab</a></p>`,
      }),
    );
}
