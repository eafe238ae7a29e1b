/**
 * The store of failures injected through a sandbox's control API. Every provider's faults have
 * these fields; each sandbox adds its own (how its error bodies are shaped, what else it can do).
 */

export interface FaultSpec {
  match: { method?: string; path?: string };
  status?: number;
  message?: string;
  delay_ms?: number;
  drop_after_success?: boolean;
  headers?: Record<string, string>;
  times: number;
}

export type Fault<Spec extends FaultSpec = FaultSpec> = Spec & { id: number; remaining: number };

export interface Faults<Spec extends FaultSpec = FaultSpec> {
  add(spec: Spec): Fault<Spec>;
  /**
   * The first matching fault with uses left. It uses one up, except a `drop_after_success`
   * fault, which is used up by `consume` once a call succeeded.
   */
  take(method: string, path: string): Fault<Spec> | undefined;
  consume(fault: Fault<Spec>): boolean;
  list(): Fault<Spec>[];
  clear(): void;
}

/**
 * A path pattern is matched against the whole path, without the query string. `*` stands for
 * any run of characters, `/` included, so `/v2/users/*` matches every user and
 * `*\/oauth2/v2.0/token` the token endpoint of every tenant.
 */
export function pathMatches(pattern: string, path: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(path);
}

export function createFaults<Spec extends FaultSpec>(): Faults<Spec> {
  let faults: Fault<Spec>[] = [];
  let nextId = 1;
  return {
    add(spec) {
      const fault: Fault<Spec> = { ...spec, id: nextId++, remaining: spec.times };
      faults.push(fault);
      return fault;
    },
    take(method, path) {
      const fault = faults.find(
        (candidate) =>
          candidate.remaining > 0 &&
          (candidate.match.method === undefined ||
            candidate.match.method.toUpperCase() === method.toUpperCase()) &&
          (candidate.match.path === undefined || pathMatches(candidate.match.path, path)),
      );
      if (fault !== undefined && fault.drop_after_success !== true) this.consume(fault);
      return fault;
    },
    consume(fault) {
      if (fault.remaining <= 0) return false;
      fault.remaining -= 1;
      faults = faults.filter((candidate) => candidate.remaining > 0);
      return true;
    },
    list: () => faults.map((fault) => ({ ...fault })),
    clear() {
      faults = [];
    },
  };
}
