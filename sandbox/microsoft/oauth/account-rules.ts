/**
 * Which accounts may sign in where: the tenant segment of the request and the app's sign-in
 * audience both limit it. Each refusal is the sentence Microsoft's sign-in page shows.
 */
import type { App, User } from "../state.ts";
import type { Segment } from "./tenant-segment.ts";

export function accountRefusal(segment: Segment, app: App, user: User): string | undefined {
  if (user.account_type === "personal" && app.sign_in_audience === "AzureADMultipleOrgs") {
    return "unauthorized_client: The client does not exist or is not enabled for consumers.";
  }
  if (user.account_type === "personal" && segment.kind === "organizations") {
    return "You can't sign in here with a personal account. Use your work or school account instead.";
  }
  if (user.account_type === "personal" && segment.kind === "tenant") {
    return `AADSTS50020: User account '${user.user_principal_name}' from identity provider 'live.com' does not exist in tenant '${segment.tenant.display_name}' and cannot access the application '${app.client_id}'(${app.name}) in that tenant.`;
  }
  if (user.account_type === "work" && segment.kind === "consumers") {
    return "You can't sign in here with a work or school account. Use your personal Microsoft account instead.";
  }
  if (segment.kind === "tenant" && user.tenant_id !== segment.tenant.id) {
    return `AADSTS50020: User account '${user.user_principal_name}' from identity provider 'https://sts.windows.net/${user.tenant_id}/' does not exist in tenant '${segment.tenant.display_name}' and cannot access the application '${app.client_id}'(${app.name}) in that tenant.`;
  }
  return undefined;
}
