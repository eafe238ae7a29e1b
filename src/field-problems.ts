import { DomainError } from "./domain-error.ts";

/**
 * A request's problems by field, gathered so that the caller hears of all of them at once: for
 * each field a description a person can act on, and the rule it breaks (Cronofy's 422 keys are
 * `errors.<rule>`). The first problem found for a field is the one kept.
 */
export class FieldProblems {
  readonly descriptions: Record<string, string> = {};
  readonly rules: Record<string, string> = {};

  add(field: string, rule: string, description: string) {
    if (this.descriptions[field] !== undefined) return;
    this.descriptions[field] = description;
    this.rules[field] = rule;
  }

  /** Nothing is written for a request with problems: the caller throws before any write. */
  throwIfAny(message: string) {
    if (Object.keys(this.descriptions).length > 0) {
      throw new DomainError("unprocessable", message, this.descriptions, this.rules);
    }
  }
}
