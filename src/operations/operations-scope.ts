/**
 * What an operations view covers: one organization (its org admins), or every organization on
 * the instance (the operator). Every query of src/operations/ takes one and filters by it.
 */
export type OperationsScope =
  | { kind: "organization"; organizationId: string }
  | { kind: "instance" };

export function organizationScope(organizationId: string): OperationsScope {
  return { kind: "organization", organizationId };
}

export const instanceScope: OperationsScope = { kind: "instance" };
