/** Checks control API input and explains what is wrong in plain words (HTTP 400). */
import { Ajv, type ErrorObject, type Schema } from "ajv";
import { UnparsableBody } from "./request-body.ts";

export class ControlError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const ajv = new Ajv({ allErrors: true, strict: true });

function explain(error: ErrorObject): string {
  const where =
    error.instancePath === "" ? "body" : error.instancePath.slice(1).replaceAll("/", ".");
  if (error.keyword === "required")
    return `${where} needs "${String(error.params.missingProperty)}"`;
  if (error.keyword === "additionalProperties") {
    return `${where} has an unknown field "${String(error.params.additionalProperty)}"`;
  }
  if (error.keyword === "enum") {
    return `${where} must be one of ${JSON.stringify(error.params.allowedValues)}`;
  }
  return `${where} ${error.message ?? "is invalid"}`;
}

const compiled = new Map<Schema, ReturnType<typeof ajv.compile>>();

export function parseControlInput<T>(schema: Schema, input: unknown): T {
  if (input instanceof UnparsableBody) throw new ControlError(400, "body is not valid JSON");
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(input ?? {})) {
    throw new ControlError(400, (validate.errors ?? []).map(explain).join("; "));
  }
  return (input ?? {}) as T;
}
