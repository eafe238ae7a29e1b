import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { findSessionUser } from "../accounts/sessions.ts";
import { demoInboxPages } from "../demo/demo-inbox-pages.ts";
import { DomainError } from "../domain-error.ts";
import { httpStatusOf } from "../http/error-handler.ts";
import { loadOrgAccess } from "../orgs/load-org-access.ts";
import { OrganizationSuspended } from "../orgs/organization-suspension.ts";
import { helpLink } from "./help-links.ts";
import { html } from "./html.ts";
import { accountPages } from "./pages/account-pages.ts";
import { applicationPages } from "./pages/application-pages.ts";
import { auditLogPage } from "./pages/audit-log-page.ts";
import { calendarFeedPages } from "./pages/calendar-feed-pages.ts";
import { changedInZoomPages } from "./pages/changed-in-zoom-pages.ts";
import { conferencingLinkPages } from "./pages/conferencing-link-pages.ts";
import { conferencingServicesPages } from "./pages/conferencing-services-pages.ts";
import { emailChangePages } from "./pages/email-change-pages.ts";
import { emailLinkPages } from "./pages/email-link-pages.ts";
import { homePage } from "./pages/home-page.ts";
import { integrationsPage } from "./pages/integrations-page.ts";
import { invitationPages } from "./pages/invitation-pages.ts";
import { managePage } from "./pages/manage-page.ts";
import { meetingCalendarPages } from "./pages/meeting-calendar-pages.ts";
import { meetingSeriesPages } from "./pages/meeting-series-pages.ts";
import { memberPages } from "./pages/member-pages.ts";
import { myMeetingsPage } from "./pages/my-meetings-page.ts";
import { operationsPages } from "./pages/operations-pages.ts";
import { operatorApplicationsPage } from "./pages/operator-applications-page.ts";
import { operatorMailPage } from "./pages/operator-mail-page.ts";
import { operatorOrganizationPages } from "./pages/operator-organization-pages.ts";
import { operatorPages } from "./pages/operator-pages.ts";
import { organizationInstallPages } from "./pages/organization-install-pages.ts";
import { passwordResetPages } from "./pages/password-reset-pages.ts";
import { programMeetingPages } from "./pages/program-meeting-pages.ts";
import { programPages } from "./pages/program-pages.ts";
import { programRenameArchivePages } from "./pages/program-rename-archive-pages.ts";
import { programSettingsPages } from "./pages/program-settings-pages.ts";
import { sendSignedOutForm, signInPages } from "./pages/sign-in-pages.ts";
import { turnOffPages } from "./pages/turn-off-pages.ts";
import { readSessionCookie } from "./sessions-cookie.ts";
import { actorOfViewer, sendPage, type WebContext } from "./web-context.ts";

/**
 * Every page plugin, each given the WebContext. A feature with pages adds its plugin here; it
 * then runs behind the same session, CSRF and error handling as the rest.
 */
const pagePlugins: ((app: FastifyInstance, context: WebContext) => void | Promise<void>)[] = [
  homePage,
  signInPages,
  passwordResetPages,
  emailLinkPages,
  emailChangePages,
  accountPages,
  calendarFeedPages,
  conferencingServicesPages,
  conferencingLinkPages,
  invitationPages,
  operatorPages,
  operatorOrganizationPages,
  operatorMailPage,
  operatorApplicationsPage,
  managePage,
  memberPages,
  programPages,
  programSettingsPages,
  programRenameArchivePages,
  programMeetingPages,
  changedInZoomPages,
  meetingSeriesPages,
  myMeetingsPage,
  meetingCalendarPages,
  applicationPages,
  integrationsPage,
  organizationInstallPages,
  turnOffPages,
  auditLogPage,
  operationsPages,
  demoInboxPages,
];

/** The server-rendered web UI: one encapsulated context with its own hooks and error pages. */
export function webPages(context: WebContext) {
  return async (app: FastifyInstance) => {
    app.decorateRequest("viewer", undefined);
    app.decorateRequest("sessionId", undefined);
    app.addHook("onRequest", async (request) => {
      const sessionId = readSessionCookie(request, context.secure);
      if (sessionId === undefined) return;
      const user = await findSessionUser(context.db, sessionId);
      if (user) {
        request.viewer = user;
        request.sessionId = sessionId;
      }
    });
    // Every state-changing request carries the form's token; a forged one never reaches a route.
    app.addHook("preValidation", (request, reply, done) => {
      if (request.method === "GET" || request.method === "HEAD") return done();
      app.csrfProtection(request, reply, done);
    });
    app.setErrorHandler((error: FastifyError, request, reply) =>
      sendErrorPage(context, error, request, reply),
    );
    for (const plugin of pagePlugins) {
      await app.register(async (scope) => plugin(scope, context));
    }
  };
}

async function sendErrorPage(
  context: WebContext,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof DomainError && error.kind === "unauthenticated") {
    if (request.method === "GET") {
      return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    }
    // A form sent after the session ended: sign in again, and the browser keeps the draft.
    if (!request.viewer) return sendSignedOutForm(context, request, reply);
  }
  let status = 500;
  let title = "Something went wrong";
  let message = `Something went wrong on our side. If it persists, report request id ${request.id}.`;
  if (error instanceof DomainError) {
    status = httpStatusOf(error.kind);
    title =
      {
        401: "Please sign in",
        403: "Not allowed",
        404: "Not found",
        429: "Too many attempts",
      }[status] ?? "That did not work";
    message = error.message;
    if (error instanceof OrganizationSuspended) title = `${error.organizationName} is suspended`;
  } else if (error.code?.startsWith("FST_CSRF_")) {
    status = 403;
    title = "This form has expired";
    message =
      "The form was open too long, or was not sent from confab. Go back, reload the page and try again.";
  } else if (error.validation || (error.statusCode ?? 500) < 500) {
    status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
    title = "That did not work";
    message = "The request was not understood. Go back and try again.";
  } else {
    request.log.error({ err: error }, "page failed");
  }
  const help = helpLink(context.config.support);
  return sendPage(context, request, reply, {
    title,
    status,
    access: await organizationOfUrl(context, request),
    main: html`<section class="panel error-panel">
      <h1>${title}</h1>
      <p>${message}</p>
      <p><a href="/">Go to the start page</a>${help ? html` · ${help}` : ""}</p>
    </section>`,
  });
}

/**
 * The organization the failed page was in, when the viewer belongs to it: its header stays, so
 * the way back to its programs is one click. Anything that fails here only costs the header.
 */
async function organizationOfUrl(context: WebContext, request: FastifyRequest) {
  const { org } = (request.params ?? {}) as { org?: unknown };
  if (!request.viewer || typeof org !== "string") return undefined;
  try {
    return await loadOrgAccess(context.db, actorOfViewer(request.viewer), org);
  } catch {
    return undefined;
  }
}
