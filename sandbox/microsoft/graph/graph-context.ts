/** What every Graph route and control route of this folder shares. */
import type { GraphRouteDeps } from "./graph-caller.ts";
import type { GraphData } from "./graph-data.ts";
import type { Notifier } from "./subscriptions/notifier.ts";
import type { Throttle } from "./throttling.ts";

export interface GraphContext {
  deps: GraphRouteDeps;
  data: GraphData;
  throttle: Throttle;
  notifier: Notifier;
}
