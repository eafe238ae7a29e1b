/**
 * Failures injected through the control API: an error status, latency, a reply dropped after
 * the work was done (what a timeout after Microsoft created something looks like to the
 * client), or a request left without any reply at all until the client gives up.
 */

import type {
  Fault as CommonFault,
  FaultSpec as CommonFaultSpec,
  Faults as CommonFaults,
} from "../common/faults.ts";

export interface FaultSpec extends CommonFaultSpec {
  /** The `error.code` of a Graph reply, or the `error` of an identity-platform reply. */
  code?: string;
  /** Never answer (and do nothing): the client's own timeout is what ends the call. */
  timeout?: boolean;
}

export type Fault = CommonFault<FaultSpec>;
export type Faults = CommonFaults<FaultSpec>;
