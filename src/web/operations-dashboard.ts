import type { HostBudget } from "../operations/list-host-budgets.ts";
import type { OperationsOverview } from "../operations/load-operations-overview.ts";
import { microsoftProviderName } from "../providers/microsoft/microsoft-provider.ts";
import { outlookLimits } from "../providers/microsoft/microsoft-rate-budget.ts";
import { budgetBar } from "./charts/budget-bar.ts";
import { describeTrend, trendChart } from "./charts/trend-chart.ts";
import { postButton } from "./forms.ts";
import { type Html, html } from "./html.ts";

export interface DashboardOptions {
  csrfToken: string;
  /** Where a failing event's Retry posts: `${retryBase}/${eventId}/retry`. */
  retryBase: string;
  /** The operator's view spans organizations: each row says whose it is. */
  showOrganization: boolean;
  /** The operator's view leaves out what events are about: an organization's own business. */
  showSummaries: boolean;
}

const states = [
  { key: "pending", label: "Pending", note: "waiting for the provider" },
  { key: "assigned", label: "Assigned", note: "with a join link" },
  { key: "failing", label: "Failing", note: "need attention" },
] as const;

/** The operations dashboard's sections, the same for an organization and for the operator. */
export function operationsDashboard(overview: OperationsOverview, o: DashboardOptions): Html {
  return html`${provisioningSection(overview)}
    ${failingSection(overview, o)}
    <div class="operations-columns">
      ${connectionsSection(overview)}
      ${budgetsSection(overview)}
    </div>`;
}

function provisioningSection({ now, history, window }: OperationsOverview): Html {
  const windowWords = `last ${window.hours} hours`;
  return html`<section class="panel" aria-labelledby="provisioning-heading">
    <h2 id="provisioning-heading">Provisioning</h2>
    <p class="muted small">Events with conferencing over the ${windowWords}, one reading at the
      top of each hour and one now.${history.length <= 1 ? " The history fills in hour by hour while the worker runs." : ""}</p>
    <ul class="card-grid trend-cards">
      ${states.map((state) => {
        const points = history.map((p) => ({ at: p.at, value: p[state.key] }));
        return html`<li class="card trend-card trend-${state.key}">
          <p class="trend-label">${state.label} <span class="muted small">${state.note}</span></p>
          <p class="trend-value" data-state="${state.key}">${now[state.key]}</p>
          ${trendChart({
            id: `trend-${state.key}`,
            title: `${state.label} events, ${windowWords}`,
            description: describeTrend(points, `${state.key} events`, windowWords),
            points,
            from: window.from,
            to: window.to,
          })}
          <p class="trend-axis muted small" aria-hidden="true"><span>${window.hours} h ago</span><span>now</span></p>
        </li>`;
      })}
    </ul>
  </section>`;
}

function failingSection({ failing }: OperationsOverview, o: DashboardOptions): Html {
  return html`<section class="panel" aria-labelledby="failing-heading">
    <h2 id="failing-heading">Failing events</h2>
    ${
      failing.length === 0
        ? html`<div class="empty-state"><p><strong>Nothing is failing.</strong></p>
            <p>Every event with conferencing has its meeting, or is about to.</p></div>`
        : html`${failuresByProvider(failing)}
          <table class="table">
            <thead><tr>
              <th scope="col">Event</th>
              ${o.showOrganization ? html`<th scope="col">Organization</th>` : ""}
              <th scope="col">Starts (UTC)</th>
              <th scope="col">Provider</th>
              <th scope="col">Why it fails</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr></thead>
            <tbody>
              ${failing.map((event) => {
                const name = o.showSummaries && event.summary ? event.summary : event.id;
                return html`<tr data-event="${event.id}">
                  <th scope="row">${name}<br><span class="muted small">${event.source.kind === "program" ? "Program" : "Application"}: ${event.source.name}</span></th>
                  ${o.showOrganization ? html`<td>${event.organization.name}</td>` : ""}
                  <td class="nowrap"><time datetime="${event.startAt.toISOString()}">${utc(event.startAt)}</time></td>
                  <td data-provider>${event.providerName ?? html`<span class="muted">not known</span>`}</td>
                  <td>${event.reason}</td>
                  <td class="actions">${
                    event.retryable
                      ? postButton({
                          action: `${o.retryBase}/${event.id}/retry`,
                          label: "Retry",
                          accessibleLabel: `Retry the meeting of ${name}`,
                          csrfToken: o.csrfToken,
                        })
                      : html`<span class="muted small" data-waits-on-fix>Retrying cannot fix this: once it is fixed as the reason says, confab tries again by itself.</span>`
                  }</td>
                </tr>`;
              })}
            </tbody>
          </table>
          ${failing.length >= 50 ? html`<p class="muted small">The 50 starting soonest are shown.</p>` : ""}`
    }
  </section>`;
}

/** How many of the failing events each provider fails: one provider's outage stands out. */
function failuresByProvider(failing: OperationsOverview["failing"]): Html {
  const counts = new Map<string, number>();
  for (const event of failing) {
    const name = event.providerName ?? "Provider not known";
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const parts = [...counts].map(([name, count]) => `${name}: ${count}`);
  return html`<p class="muted small" data-failing-by-provider>By provider: ${parts.join(" · ")}</p>`;
}

function connectionsSection({ connections, window }: OperationsOverview): Html {
  return html`<section class="panel" aria-labelledby="connections-heading">
    <h2 id="connections-heading">Provider connections</h2>
    ${
      connections.length === 0
        ? html`<div class="empty-state"><p><strong>No provider connections yet.</strong></p>
            <p>They appear here once a provider is installed or someone links a profile.</p></div>`
        : html`<ul class="plain-list">
            ${connections.map(
              (c) => html`<li class="connection-health">
                <span class="badge ${c.status === "connected" ? "badge-on" : "badge-broken"}">${c.status === "connected" ? "Connected" : "Broken"}</span>
                <span class="connection-name">${c.accountEmail}<br>
                  <span class="muted small">${c.providerName} · ${c.kind === "organization" ? "Organization install" : "Personal profile"} · last refresh
                    <time datetime="${c.lastRefreshAt.toISOString()}">${ago(c.lastRefreshAt, window.to)}</time></span>
                  ${c.status === "broken" && c.statusReason ? html`<br><span class="small field-error-text">${c.statusReason}</span>` : ""}
                </span>
              </li>`,
            )}
          </ul>`
    }
  </section>`;
}

/**
 * Each provider's budget as that provider counts it: Zoom's meeting writes per host and UTC day
 * (always shown, as Zoom is always there), and Outlook's calls per mailbox over any 10 minutes,
 * once someone uses Microsoft Teams.
 */
function budgetsSection({ budgets, connections }: OperationsOverview): Html {
  const teams = connections.some((c) => c.provider === microsoftProviderName);
  return html`<section class="panel" aria-labelledby="budgets-heading">
    <h2 id="budgets-heading">Budgets per host</h2>
    <h3 id="budgets-zoom">Zoom: daily meeting budget</h3>
    <p class="muted small">Zoom allows each host 100 meeting creations and updates a day (UTC);
      past that, confab waits for the next day instead of letting Zoom refuse.</p>
    ${budgetList(
      budgets.filter((b) => b.provider === "zoom"),
      "used today",
      "No meetings made or changed today.",
    )}
    ${
      teams
        ? html`<h3 id="budgets-ms-teams">Microsoft Teams: Outlook's limit per mailbox</h3>
          <p class="muted small">Outlook allows ${outlookLimits.requestsPerWindow.toLocaleString("en-US")}
            calls to one mailbox in any ${outlookLimits.windowMs / 60_000} minutes; confab paces its calls
            under that, so a busy mailbox waits a little instead of being refused.</p>
          ${budgetList(
            budgets.filter((b) => b.provider === microsoftProviderName),
            `used in the last ${outlookLimits.windowMs / 60_000} minutes`,
            `No calls to Outlook in the last ${outlookLimits.windowMs / 60_000} minutes.`,
          )}`
        : ""
    }
  </section>`;
}

function budgetList(budgets: HostBudget[], usedWhen: string, empty: string): Html {
  return budgets.length === 0
    ? html`<div class="empty-state"><p><strong>${empty}</strong></p></div>`
    : html`<ul class="plain-list">
        ${budgets.map(
          (b) => html`<li class="budget-row">
            <span class="budget-host">${b.host}</span>
            ${budgetBar({ used: b.used, limit: b.limit, label: `${b.host}: ${b.used} of ${b.limit} ${usedWhen}` })}
            <span class="budget-count small" aria-hidden="true">${b.used} / ${b.limit}</span>
          </li>`,
        )}
      </ul>`;
}

function utc(at: Date): string {
  return at.toISOString().slice(0, 16).replace("T", " ");
}

function ago(at: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - at.getTime()) / 60_000));
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
