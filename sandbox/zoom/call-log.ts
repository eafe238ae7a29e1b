/**
 * Every REST and OAuth call the sandbox received, so tests and benchmarks can
 * count what a client really sent to "Zoom".
 */

export interface Call {
  method: string;
  path: string;
  query: string;
  /** What the client saw; null when the connection was dropped without a reply. */
  status: number | null;
  user_email: string | null;
  client_id: string | null;
  /** The injected fault that shaped this reply, if any. */
  fault: "status" | "xml" | "delay" | "dropped" | null;
  /** A 429's X-RateLimit-Type ("QPS", "Daily-limit"), when the reply had one. */
  rate_limit_type: string | null;
  time: string;
}

export interface Caller {
  user_email: string | null;
  client_id: string | null;
}

export interface CallLog {
  record(call: Call): void;
  list(): Call[];
  clear(): void;
}

export function createCallLog(): CallLog {
  let calls: Call[] = [];
  return {
    record: (call) => {
      calls.push(call);
    },
    list: () => [...calls],
    clear: () => {
      calls = [];
    },
  };
}

/** Who made a request, learnt while handling it and read when it is logged. */
const callers = new WeakMap<object, Caller>();

export function noteCaller(request: object, caller: Partial<Caller>): void {
  const known = callers.get(request) ?? { user_email: null, client_id: null };
  callers.set(request, { ...known, ...caller });
}

export function callerOf(request: object): Caller {
  return callers.get(request) ?? { user_email: null, client_id: null };
}
