/**
 * Failures injected through the control API: an error status, an XML body,
 * latency, or a reply dropped after the work was done (what a timeout after
 * Zoom created a meeting looks like to the client).
 */

import type {
  Fault as CommonFault,
  FaultSpec as CommonFaultSpec,
  Faults as CommonFaults,
} from "../common/faults.ts";

export interface FaultSpec extends CommonFaultSpec {
  /** The `code` of the error body (Zoom's own error codes); the status by default. */
  zoom_code?: number;
  xml?: boolean;
}

export type Fault = CommonFault<FaultSpec>;
export type Faults = CommonFaults<FaultSpec>;
