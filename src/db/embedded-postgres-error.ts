/**
 * The embedded PostgreSQL could not start for a reason the person starting confab can fix; its
 * message says how, in one line, and is printed without a stack trace.
 */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedPostgresError";
  }
}
