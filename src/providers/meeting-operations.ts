import type { ConferencingProvider } from "./provider.ts";

type MeetingOperations = Pick<
  ConferencingProvider,
  | "createMeeting"
  | "updateMeeting"
  | "deleteMeeting"
  | "deleteOccurrence"
  | "updateOccurrence"
  | "readOccurrences"
  | "findMeeting"
  | "startUrl"
  | "joinDetails"
>;

/** A connector's meetings module: the same operations, named as its own files name them. */
export interface ProviderMeetings {
  create: MeetingOperations["createMeeting"];
  update: MeetingOperations["updateMeeting"];
  delete: MeetingOperations["deleteMeeting"];
  deleteOccurrence: MeetingOperations["deleteOccurrence"];
  updateOccurrence: MeetingOperations["updateOccurrence"];
  readOccurrences: MeetingOperations["readOccurrences"];
  find: MeetingOperations["findMeeting"];
  startUrl: MeetingOperations["startUrl"];
  joinDetails: MeetingOperations["joinDetails"];
}

/** The meeting half of a ConferencingProvider, from the connector's meetings module. */
export function meetingOperations(meetings: ProviderMeetings): MeetingOperations {
  return {
    createMeeting: meetings.create,
    updateMeeting: meetings.update,
    deleteMeeting: meetings.delete,
    deleteOccurrence: meetings.deleteOccurrence,
    updateOccurrence: meetings.updateOccurrence,
    readOccurrences: meetings.readOccurrences,
    findMeeting: meetings.find,
    startUrl: meetings.startUrl,
    joinDetails: meetings.joinDetails,
  };
}
