/**
 * Every REST and OAuth call the sandbox received, so tests and benchmarks can
 * count what a client really sent to "Zoom".
 */
import { createCallerNotes, type CallLog as Log } from "../common/call-log.ts";

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

export type CallLog = Log<Call>;

/** Who made a request, learnt while handling it and read when it is logged. */
const callers = createCallerNotes<Caller>({ user_email: null, client_id: null });

export const noteCaller = callers.note;
export const callerOf = callers.of;
