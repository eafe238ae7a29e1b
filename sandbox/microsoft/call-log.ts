/**
 * Every identity-platform and Graph call the sandbox received, so tests can count what a client
 * really sent to "Microsoft".
 */
import { createCallerNotes, type CallLog as Log } from "../common/call-log.ts";

export interface Call {
  method: string;
  path: string;
  query: string;
  /** What the client saw; null when the connection was dropped or left without a reply. */
  status: number | null;
  /** The signed-in user's user principal name, once known. */
  user: string | null;
  client_id: string | null;
  /** The tenant the call ended up acting in (a tenant id), once known. */
  tenant_id: string | null;
  /** The injected fault that shaped this reply, if any. */
  fault: "status" | "delay" | "dropped" | "timeout" | null;
  time: string;
}

export interface Caller {
  user: string | null;
  client_id: string | null;
  tenant_id: string | null;
}

export type CallLog = Log<Call>;

/** Who made a request, learnt while handling it and read when it is logged. */
const callers = createCallerNotes<Caller>({ user: null, client_id: null, tenant_id: null });

export const noteCaller = callers.note;
export const callerOf = callers.of;
