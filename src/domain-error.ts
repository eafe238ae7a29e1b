/** What went wrong, in terms a caller can act on; the HTTP layer maps each kind to a status. */
export type DomainErrorKind =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "unprocessable"
  | "rate_limited"
  | "unavailable";

/**
 * An expected failure with a message meant for the person or program that caused it. Anything
 * thrown that is not a DomainError is a bug, and is answered as one (500, no details).
 */
export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  /** Per-field messages, shown next to the field in forms and listed in API replies. */
  readonly fields: Record<string, string> | undefined;
  /** Per field, the rule broken ("required", "too_long", …), for APIs that name it. */
  readonly rules: Record<string, string> | undefined;

  constructor(
    kind: DomainErrorKind,
    message: string,
    fields?: Record<string, string>,
    rules?: Record<string, string>,
  ) {
    super(message);
    this.name = "DomainError";
    this.kind = kind;
    this.fields = fields;
    this.rules = rules;
  }
}
