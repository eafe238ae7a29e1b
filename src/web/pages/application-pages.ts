import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { OrgAccess } from "../../authorization/policy.ts";
import { DomainError } from "../../domain-error.ts";
import {
  type Application,
  applicationHoldings,
  createApplication,
  deleteApplication,
  listApplications,
  loadApplication,
  rotateApplicationSecret,
  setCallbackOrigins,
  setRedirectUris,
} from "../../orgs/applications.ts";
import { parseCallbackOrigins } from "../../push-notifications/callback-origins.ts";
import {
  listEndpointHealth,
  listRecentDeliveries,
} from "../../push-notifications/delivery-health.ts";
import { sendVerification } from "../../push-notifications/send-verification.ts";
import { newSubmissionKey } from "../../submissions/submission-key.ts";
import { submitOnce } from "../../submissions/submit-once.ts";
import { takeShownOnce } from "../../submissions/take-shown-once.ts";
import { confirmation } from "../confirm-page.ts";
import { csrfInput, type FormState, field, formAlert, notice, textOf } from "../forms.ts";
import { type Html, html } from "../html.ts";
import { submissionKeyInput, submissionOf } from "../submission-key.ts";
import {
  auditActorOf,
  csrfToken,
  requireOrgAccess,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";
import { notificationsSections } from "./application-notifications.ts";

type State = FormState;

function secretShownOnce(secret: string): Html {
  return html`<div class="alert alert-ok" role="status">
    <p><strong>Copy the client secret now.</strong> It is shown this once; confab keeps it
      encrypted and cannot show it again (you can rotate it).</p>
    <p><code class="secret" data-client-secret>${secret}</code></p>
  </div>`;
}

const doneNotices: Record<string, string> = {
  origins: "Saved where notifications may go.",
  test: "Test notification queued: its delivery shows under Latest deliveries (reload to follow it).",
};

const detailPath = (access: OrgAccess, application: Application) =>
  `/o/${access.organization.slug}/manage/applications/${application.id}`;

/** Manage → Applications: the organization's API clients. */
export function applicationPages(app: FastifyInstance, context: WebContext) {
  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: OrgAccess,
    state: State = {},
  ) => {
    const applications = await listApplications(context.db, access);
    const base = `/o/${access.organization.slug}/manage/applications`;
    return sendPage(context, request, reply, {
      title: "Applications",
      access,
      manageSection: "applications",
      status: state.status,
      main: html`<h1>Applications</h1>
        <section class="panel">
          ${
            applications.length === 0
              ? html`<div class="empty-state"><p><strong>No applications yet.</strong></p>
                  <p>Register your scheduling software to get a client id and secret for the API.</p></div>`
              : html`<table class="table">
                  <thead><tr><th scope="col">Application</th><th scope="col">Client id</th><th scope="col">Redirect URIs</th></tr></thead>
                  <tbody>${applications.map(
                    (a) => html`<tr><th scope="row"><a href="${base}/${a.id}">${a.name}</a></th>
                      <td><code>${a.clientId}</code></td><td>${a.redirectUris.length}</td></tr>`,
                  )}</tbody>
                </table>`
          }
        </section>
        <section class="panel" aria-labelledby="register-heading">
          <h2 id="register-heading">Register an application</h2>
          ${formAlert(state.error)}
          <form method="post" action="${base}" novalidate data-keep-draft>
            ${csrfInput(csrfToken(reply))}
            ${submissionKeyInput()}
            ${field({ label: "Name", name: "name", value: state.values?.name, errors: state.errors, required: true })}
            ${field({ label: "Redirect URIs", name: "redirect_uris", rows: 3, value: state.values?.redirect_uris, errors: state.errors, hint: "One per line; scheme, host, port and path matched exactly (a link's query string may vary). https, or http on localhost." })}
            <button type="submit" class="button button-primary">Register application</button>
          </form>
        </section>`,
    });
  };

  const detailPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: OrgAccess,
    application: Application,
    state: State & { secret?: string; notice?: string; origins?: State; test?: State } = {},
  ) => {
    const base = `/o/${access.organization.slug}/manage/applications/${application.id}`;
    const token = csrfToken(reply);
    const [endpoints, deliveries] = await Promise.all([
      listEndpointHealth(context.db, application.id),
      listRecentDeliveries(context.db, application.id),
    ]);
    return sendPage(context, request, reply, {
      title: application.name,
      access,
      manageSection: "applications",
      status: state.status,
      main: html`<p class="breadcrumb"><a href="/o/${access.organization.slug}/manage/applications">Applications</a></p>
        <h1>${application.name}</h1>
        ${state.secret ? secretShownOnce(state.secret) : ""}
        ${notice(state.notice)}
        <section class="panel" aria-labelledby="credentials-heading">
          <h2 id="credentials-heading">Credentials</h2>
          <dl class="facts">
            <dt>Client id</dt><dd><code data-client-id>${application.clientId}</code></dd>
            <dt>Client secret</dt><dd><span class="muted">hidden</span> · <a href="${base}/rotate-secret">Rotate secret</a></dd>
            <dt>Registered</dt><dd>${application.createdAt.toISOString().slice(0, 10)}</dd>
          </dl>
        </section>
        <section class="panel" aria-labelledby="uris-heading">
          <h2 id="uris-heading">Redirect URIs</h2>
          ${formAlert(state.error)}
          <form method="post" action="${base}/redirect-uris" novalidate>
            ${csrfInput(token)}
            ${field({ label: "Redirect URIs", name: "redirect_uris", rows: 4, value: state.values?.redirect_uris ?? application.redirectUris.join("\n"), errors: state.errors, hint: "One per line; scheme, host, port and path matched exactly (a link's query string may vary)." })}
            <button type="submit" class="button button-quiet">Save redirect URIs</button>
          </form>
        </section>
        ${notificationsSections({ base, application, endpoints, deliveries, csrfToken: token, origins: state.origins, test: state.test })}
        <section class="panel danger-zone" aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete</h2>
          <p>The application stops working at once.</p>
          <a class="button button-danger" href="${base}/delete">Delete application</a>
        </section>`,
    });
  };

  const load = async (request: FastifyRequest) => {
    const access = await requireOrgAccess(context, request);
    const { appId } = request.params as { appId: string };
    return { access, application: await loadApplication(context.db, access, appId) };
  };

  const list = "/o/:org/manage/applications";
  app.get(list, async (request, reply) =>
    listPage(request, reply, await requireOrgAccess(context, request)),
  );

  app.post(list, async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    const values = {
      name: textOf(request.body, "name"),
      redirect_uris: textOf(request.body, "redirect_uris"),
    };
    try {
      // The secret waits, encrypted, for the application's page: sent again, the form leads
      // there without registering a second application, and a reload shows no secret.
      const { resultPath } = await submitOnce(
        context.db,
        context.vault,
        submissionOf(request, "application.register"),
        async (trx) => {
          const { application, clientSecret } = await createApplication(
            trx,
            context.vault,
            access,
            {
              name: values.name,
              redirectUris: values.redirect_uris,
              actor: auditActorOf(requireViewer(request)),
            },
          );
          return { resultPath: detailPath(access, application), shownOnce: clientSecret };
        },
      );
      return reply.redirect(resultPath, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields) throw error;
      return listPage(request, reply, access, {
        values,
        errors: error.fields,
        error: error.message,
        status: error.kind === "conflict" ? 409 : 400,
      });
    }
  });

  app.get(`${list}/:appId`, async (request, reply) => {
    const { access, application } = await load(request);
    const { done } = request.query as { done?: string };
    const secret = await takeShownOnce(context.db, context.vault, {
      userId: requireViewer(request).id,
      resultPath: detailPath(access, application),
    });
    return detailPage(request, reply, access, application, {
      notice: doneNotices[done ?? ""],
      ...(secret === undefined ? {} : { secret }),
    });
  });

  app.post(`${list}/:appId/callback-origins`, async (request, reply) => {
    const { access, application } = await load(request);
    const given = textOf(request.body, "callback_origins");
    try {
      await setCallbackOrigins(context.db, access, {
        applicationId: application.id,
        origins: parseCallbackOrigins(given, context.callbacks),
        actor: auditActorOf(requireViewer(request)),
      });
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields) throw error;
      const origins = {
        values: { callback_origins: given },
        errors: error.fields,
        error: error.message,
      };
      return detailPage(request, reply, access, application, { origins, status: 400 });
    }
    return reply.redirect(`${detailPath(access, application)}?done=origins`, 303);
  });

  app.post(`${list}/:appId/test-notification`, async (request, reply) => {
    const { access, application } = await load(request);
    const uri = textOf(request.body, "uri");
    try {
      await sendVerification(context.db, access, {
        applicationId: application.id,
        uri,
        policy: context.callbacks,
      });
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields) throw error;
      const test = { values: { uri }, errors: error.fields, error: error.message };
      return detailPage(request, reply, access, application, { test, status: 400 });
    }
    return reply.redirect(`${detailPath(access, application)}?done=test`, 303);
  });

  app.post(`${list}/:appId/redirect-uris`, async (request, reply) => {
    const { access, application } = await load(request);
    const redirectUris = textOf(request.body, "redirect_uris");
    try {
      await setRedirectUris(context.db, access, {
        applicationId: application.id,
        redirectUris,
        actor: auditActorOf(requireViewer(request)),
      });
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields) throw error;
      return detailPage(request, reply, access, application, {
        values: { redirect_uris: redirectUris },
        errors: error.fields,
        error: error.message,
        status: 400,
      });
    }
    return reply.redirect(
      `/o/${access.organization.slug}/manage/applications/${application.id}`,
      303,
    );
  });

  const confirmPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: OrgAccess,
    application: Application,
    kind: "rotate-secret" | "delete",
  ) => {
    const base = `/o/${access.organization.slug}/manage/applications/${application.id}`;
    const held =
      kind === "delete"
        ? await applicationHoldings(context.db, access, application.id)
        : { calendars: 0, connections: 0 };
    const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    return sendPage(context, request, reply, {
      title: kind === "delete" ? "Delete application" : "Rotate secret",
      access,
      manageSection: "applications",
      main: confirmation(
        kind === "delete"
          ? {
              heading: `Delete ${application.name}?`,
              consequences: html`<p>Its client id and secret stop working at once, and it can no
                longer call the API. This cannot be undone.</p>
                <p>Its ${count(held.calendars, "application calendar", "application calendars")}
                  and their events are deleted, and the
                  ${count(held.connections, "Zoom connection", "Zoom connections")} made through
                  them ${held.connections === 1 ? "is" : "are"} revoked at Zoom. Meetings already
                  made stay in Zoom.</p>`,
              action: `${base}/delete`,
              confirmLabel: "Delete application",
              cancelHref: base,
              csrfToken: csrfToken(reply),
            }
          : {
              heading: `Rotate the client secret of ${application.name}?`,
              consequences: html`<p>The current secret stops working at once; the new one is shown
                once. Update the application's configuration right after.</p>`,
              action: `${base}/rotate-secret`,
              confirmLabel: "Rotate secret",
              cancelHref: base,
              fields: { submission_key: newSubmissionKey() },
              csrfToken: csrfToken(reply),
            },
      ),
    });
  };

  app.get(`${list}/:appId/rotate-secret`, async (request, reply) => {
    const { access, application } = await load(request);
    return confirmPage(request, reply, access, application, "rotate-secret");
  });
  app.get(`${list}/:appId/delete`, async (request, reply) => {
    const { access, application } = await load(request);
    return confirmPage(request, reply, access, application, "delete");
  });

  app.post(`${list}/:appId/rotate-secret`, async (request, reply) => {
    const { access, application } = await load(request);
    // Like a new application's, the new secret is shown once on the application's page.
    const { resultPath } = await submitOnce(
      context.db,
      context.vault,
      submissionOf(request, "application.rotate_secret"),
      async (trx) => {
        const { clientSecret } = await rotateApplicationSecret(trx, context.vault, access, {
          applicationId: application.id,
          actor: auditActorOf(requireViewer(request)),
        });
        return { resultPath: detailPath(access, application), shownOnce: clientSecret };
      },
    );
    return reply.redirect(resultPath, 303);
  });

  app.post(`${list}/:appId/delete`, async (request, reply) => {
    const { access, application } = await load(request);
    await deleteApplication(context.db, access, {
      applicationId: application.id,
      actor: auditActorOf(requireViewer(request)),
    });
    return reply.redirect(`/o/${access.organization.slug}/manage/applications`, 303);
  });
}
