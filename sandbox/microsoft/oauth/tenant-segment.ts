/**
 * The `{tenant}` path segment of the identity platform's endpoints: `common` (work, school and
 * personal accounts), `organizations` (work and school only), `consumers` (personal only), or
 * one tenant by id or verified domain (its own users only).
 */
import { CONSUMERS_TENANT_ID, type SandboxState, type Tenant } from "../state.ts";

export type Segment =
  | { kind: "common"; name: string }
  | { kind: "organizations"; name: string }
  | { kind: "consumers"; name: string }
  | { kind: "tenant"; name: string; tenant: Tenant };

export function resolveSegment(state: SandboxState, name: string): Segment | undefined {
  const wanted = name.toLowerCase();
  if (wanted === "common") return { kind: "common", name };
  if (wanted === "organizations") return { kind: "organizations", name };
  if (wanted === "consumers" || wanted === CONSUMERS_TENANT_ID) return { kind: "consumers", name };
  for (const tenant of state.tenants.values()) {
    if (tenant.id === CONSUMERS_TENANT_ID) continue;
    if (tenant.id.toLowerCase() === wanted || tenant.domain.toLowerCase() === wanted) {
      return { kind: "tenant", name, tenant };
    }
  }
  return undefined;
}
