/**
 * Every call a sandbox received on its provider's surfaces, so tests can count what a client
 * really sent. What one call records is the provider's (the `Call` each sandbox declares).
 */

export interface CallLog<Call> {
  record(call: Call): void;
  list(): Call[];
  clear(): void;
}

export function createCallLog<Call>(): CallLog<Call> {
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

export interface CallerNotes<Caller> {
  /** Adds what was learnt about who made a request while handling it. */
  note(request: object, caller: Partial<Caller>): void;
  /** What is known when the request is logged; `nobody` until something was noted. */
  of(request: object): Caller;
}

export function createCallerNotes<Caller extends object>(nobody: Caller): CallerNotes<Caller> {
  const callers = new WeakMap<object, Caller>();
  return {
    note(request, caller) {
      callers.set(request, { ...(callers.get(request) ?? nobody), ...caller });
    },
    of: (request) => callers.get(request) ?? nobody,
  };
}
