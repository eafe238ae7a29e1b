/** Which meeting a `{meetingId}` path segment names, as a token may see it. */
import type { Operation } from "../scopes.ts";
import type { Meeting, SandboxState, User } from "../state.ts";
import { type ApiCaller, requireScope } from "./authenticate-caller.ts";
import { meetingDoesNotExist } from "./zoom-error.ts";

export function meetingForCaller(
  state: SandboxState,
  caller: ApiCaller,
  meetingId: string,
  operation: Operation,
): { meeting: Meeting; host: User } {
  requireScope(caller, operation, true);
  const meeting = /^\d+$/.test(meetingId) ? state.meetings.get(Number(meetingId)) : undefined;
  const host = meeting && state.users.get(meeting.host_id);
  // Meetings hosted in other accounts are invisible, exactly as if they did not exist.
  if (!meeting || !host || host.account_id !== caller.user.account_id) {
    throw meetingDoesNotExist(meetingId);
  }
  requireScope(caller, operation, host.id === caller.user.id);
  return { meeting, host };
}
