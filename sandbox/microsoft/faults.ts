/**
 * Failures injected through the control API: an error status, latency, a reply dropped after
 * the work was done (what a timeout after Microsoft created something looks like to the
 * client), or a request left without any reply at all until the client gives up.
 */

export interface FaultSpec {
  match: { method?: string; path?: string };
  status?: number;
  /** The `error.code` of a Graph reply, or the `error` of an identity-platform reply. */
  code?: string;
  message?: string;
  delay_ms?: number;
  drop_after_success?: boolean;
  /** Never answer (and do nothing): the client's own timeout is what ends the call. */
  timeout?: boolean;
  headers?: Record<string, string>;
  times: number;
}

export interface Fault extends FaultSpec {
  id: number;
  remaining: number;
}

export interface Faults {
  add(spec: FaultSpec): Fault;
  /**
   * The first matching fault with uses left. It uses one up, except a `drop_after_success`
   * fault, which is used up by `consume` once a call succeeded.
   */
  take(method: string, path: string): Fault | undefined;
  consume(fault: Fault): boolean;
  list(): Fault[];
  clear(): void;
}

/**
 * A path pattern is matched against the whole path, without the query string. `*` stands for
 * any run of characters, `/` included, so `/v1.0/users/*` matches every user and
 * `*\/oauth2/v2.0/token` the token endpoint of every tenant.
 */
export function pathMatches(pattern: string, path: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(path);
}

export function createFaults(): Faults {
  let faults: Fault[] = [];
  let nextId = 1;
  return {
    add(spec) {
      const fault: Fault = { ...spec, id: nextId++, remaining: spec.times };
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
