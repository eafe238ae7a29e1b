import { authorizeOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import { loadProviderSideChange } from "../conferencing/provider-side-change.ts";
import { wallClock } from "../conferencing/zoned-time.ts";
import { DomainError } from "../domain-error.ts";
import type { Program } from "../orgs/programs.ts";
import type { Person } from "./hosting-plan.ts";
import type { MeetingDeps } from "./meeting-deps.ts";
import { repeatFieldsOf } from "./meeting-series.ts";
import { prepareProgramMeeting } from "./prepare-program-meeting.ts";
import { loadProgramMeeting, partiesOf } from "./program-meeting.ts";
import { saveProgramMeeting } from "./save-program-meeting.ts";
import { loadSeries } from "./series-occurrences.ts";

/**
 * Moves a program meeting to the time (and title) it was given in the provider's own interface.
 * It is saved as any change is, so everyone invited gets the updated invitation; saving takes the
 * provider's change as what the provider has, so nothing is sent back there. Returns false when
 * no change was waiting (already kept or undone).
 */
export async function keepProviderChange(
  deps: MeetingDeps,
  access: OrgAccess,
  program: Program,
  viewer: Person,
  meetingId: string,
): Promise<boolean> {
  const meeting = await loadProgramMeeting(deps.db, access, program.id, meetingId);
  authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
  if (meeting.cancelled) throw new DomainError("conflict", "This meeting was cancelled.");
  const change = await loadProviderSideChange(deps.db, meeting.id);
  if (!change) return false;
  const { date, time } = wallClock(new Date(change.startTime), change.timeZone);
  const series = await loadSeries(deps.db, meeting.id);
  // The meeting stays as its organizer made it: the same people, mode and hosts; only the
  // provider's fields change.
  const creator = meeting.organizer ?? viewer;
  const fields = {
    title: change.topic ?? meeting.title,
    description: meeting.description,
    date,
    time,
    duration: String(change.durationMinutes),
    timeZone: change.timeZone,
    invitees: meeting.people.filter((p) => p.userId !== creator.userId).map((p) => p.userId),
    mode: meeting.modeKey,
    repeat: repeatFieldsOf(series?.rule),
  };
  let prepared: Awaited<ReturnType<typeof prepareProgramMeeting>>;
  try {
    prepared = await prepareProgramMeeting(deps, access, program, creator, fields, meeting);
  } catch (error) {
    if (!(error instanceof DomainError) || !error.fields) throw error;
    const name = deps.providers.get(meeting.conferencing.provider ?? "")?.displayName;
    throw new DomainError(
      "unprocessable",
      `The meeting cannot take its time in ${name ?? "the provider"}: ${Object.values(error.fields).join(" ")} Restore confab's time, or change the meeting.`,
    );
  }
  await saveProgramMeeting(deps.db, access, program, prepared, meeting.id);
  return true;
}
