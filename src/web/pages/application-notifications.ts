import type { Application } from "../../orgs/applications.ts";
import type { DeliveryEntry, EndpointHealth } from "../../push-notifications/delivery-health.ts";
import { csrfInput, type FormState, field, formAlert } from "../forms.ts";
import { type Html, html } from "../html.ts";
import { utcTime } from "../utc-time.ts";

const statusWords: Record<DeliveryEntry["status"], string> = {
  delivered: "Delivered",
  waiting: "Waiting",
  failed: "Given up",
  superseded: "Replaced by a newer one",
};

function endpointState(endpoint: EndpointHealth): Html {
  if (endpoint.pausedUntil) {
    return html`<span class="badge badge-broken">Paused</span> until ${utcTime(endpoint.pausedUntil)},
      after ${endpoint.consecutiveFailures} failures in a row`;
  }
  if (endpoint.consecutiveFailures > 0) {
    return html`<span class="badge badge-off">Failing</span> ${endpoint.consecutiveFailures} in a row`;
  }
  return html`<span class="badge badge-on">Answering</span>`;
}

/**
 * Manage → Applications → one application: where its notifications may go, how its endpoints
 * are doing (the circuit breaker's view), the latest deliveries, and a test notification.
 */
export function notificationsSections(o: {
  base: string;
  application: Application;
  endpoints: EndpointHealth[];
  deliveries: DeliveryEntry[];
  csrfToken: string;
  origins?: FormState | undefined;
  test?: FormState | undefined;
}): Html {
  const { base, application } = o;
  return html`<section class="panel" aria-labelledby="delivery-heading">
      <h2 id="delivery-heading">Notifications</h2>
      <p class="muted">Events' subscriptions are POSTed here, signed with the client secret
        (<code>Cronofy-HMAC-SHA256</code> and <code>Confab-Signature</code>). An endpoint that fails
        5 times in a row is paused, a minute at first and up to an hour; its notifications wait
        and are sent when it answers again.</p>
      ${
        o.endpoints.length === 0
          ? html`<p>No notification has been sent yet.</p>`
          : html`<div class="table-scroll"><table class="table" data-endpoints>
              <thead><tr><th scope="col">Endpoint</th><th scope="col">State</th><th scope="col">Last success</th><th scope="col">Last problem</th></tr></thead>
              <tbody>${o.endpoints.map(
                (e) => html`<tr><th scope="row"><code>${e.endpoint}</code></th>
                  <td>${endpointState(e)}</td>
                  <td>${e.lastSuccessAt ? utcTime(e.lastSuccessAt) : html`<span class="muted">never</span>`}</td>
                  <td>${e.lastError ?? ""}</td></tr>`,
              )}</tbody></table></div>`
      }
      ${
        o.deliveries.length === 0
          ? ""
          : html`<h3>Latest deliveries</h3>
            <div class="table-scroll"><table class="table" data-deliveries>
              <thead><tr><th scope="col">Sent for</th><th scope="col">To</th><th scope="col">Status</th><th scope="col">Attempts</th></tr></thead>
              <tbody>${o.deliveries.map(
                (
                  d,
                ) => html`<tr><th scope="row">${d.type.replaceAll("_", " ")}<br><span class="muted small">${utcTime(d.createdAt)}</span></th>
                  <td><code class="long-value">${d.shownUri}</code></td>
                  <td>${statusWords[d.status]}${d.at ? html`<br><span class="muted small">${d.status === "waiting" ? "next try " : ""}${utcTime(d.at)}</span>` : ""}${d.lastError ? html`<br><span class="small">${d.lastError}</span>` : ""}</td>
                  <td>${d.attempts}</td></tr>`,
              )}</tbody></table></div>`
      }
      <h3>Send a test notification</h3>
      ${formAlert(o.test?.error)}
      <form method="post" action="${base}/test-notification" novalidate>
        ${csrfInput(o.csrfToken)}
        ${field({ label: "Endpoint URL", name: "uri", type: "url", value: o.test?.values?.uri ?? "", errors: o.test?.errors, hint: 'A verification notification, {"notification":{"type":"verification"}}, goes there through the same checks as every notification.' })}
        <button type="submit" class="button button-quiet">Send test notification</button>
      </form>
    </section>
    <section class="panel" aria-labelledby="origins-heading">
      <h2 id="origins-heading">Where notifications may go</h2>
      ${formAlert(o.origins?.error)}
      <form method="post" action="${base}/callback-origins" novalidate>
        ${csrfInput(o.csrfToken)}
        ${field({ label: "Allowed origins", name: "callback_origins", rows: 3, value: o.origins?.values?.callback_origins ?? application.callbackOrigins.join("\n"), errors: o.origins?.errors, hint: "One per line, like https://hooks.example.com. When set, events whose subscriptions name any other origin are refused. Empty: any public https endpoint." })}
        <button type="submit" class="button button-quiet">Save origins</button>
      </form>
    </section>`;
}
