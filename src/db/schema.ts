import type { Generated } from "kysely";

/** The tables confab's code reads and writes, as Kysely sees them. One entry a table. */
export interface Schema {
  worker_heartbeats: WorkerHeartbeatsTable;
}

export interface WorkerHeartbeatsTable {
  worker_id: string;
  hostname: string;
  pid: number;
  started_at: Generated<Date>;
  seen_at: Generated<Date>;
}
