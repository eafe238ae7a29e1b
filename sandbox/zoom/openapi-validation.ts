/**
 * Checks request bodies and replies against Zoom's own API description
 * (`openapi/zoom-openapi.v2.json`, Swagger 2.0). Swagger 2.0 schemas are close
 * to JSON Schema draft 4; the differences that matter are adapted here.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import type { FieldError } from "./api/zoom-error.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const description = JSON.parse(
  readFileSync(new URL("./openapi/zoom-openapi.v2.json", import.meta.url), "utf8"),
) as JsonObject;

type Mode = "request" | "response";

/**
 * Zoom accepts `start_time` as local time without an offset when `timezone` is
 * given (zoom.md item 12), which JSON Schema's `date-time` would refuse.
 */
const ZOOM_REQUEST_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z?$/;

function adapt(node: Json, mode: Mode): Json {
  if (Array.isArray(node)) return node.map((item) => adapt(item, mode));
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-") || key === "example" || key === "discriminator") continue;
    if (key === "format" && value === "date-time" && mode === "request") {
      out[key] = "zoom-request-time";
      continue;
    }
    out[key] = adapt(value, mode);
  }
  return out;
}

function pick(path: string[]): Json {
  let node: Json = description;
  for (const key of path) {
    if (node === null || typeof node !== "object" || Array.isArray(node)) {
      throw new Error(`Zoom's API description has no ${path.join(" → ")}`);
    }
    node = node[key] ?? null;
  }
  return node;
}

function asObject(node: Json): JsonObject {
  if (node === null || typeof node !== "object" || Array.isArray(node)) {
    throw new Error("expected an object in Zoom's API description");
  }
  return node;
}

function bodySchema(path: string, method: string): Json {
  const parameters = pick(["paths", path, method, "parameters"]);
  if (!Array.isArray(parameters)) throw new Error(`no parameters for ${method} ${path}`);
  const body = parameters.map(asObject).find((parameter) => parameter.in === "body");
  return body?.schema ?? null;
}

/**
 * The 2.0 description types a meeting's `id` and a user's `pmi` as strings, but
 * Zoom sends both as int64 JSON numbers (zoom.md item 12, and Zoom's current
 * reference), so replies are checked for what Zoom really sends.
 */
function meetingReplySchema(path: string, method: string, status: string): Json {
  const schema = asObject(
    adapt(pick(["paths", path, method, "responses", status, "schema"]), "response"),
  );
  const allOf = schema.allOf;
  if (Array.isArray(allOf)) {
    const ids = asObject(asObject(allOf[0] ?? null).properties ?? null);
    ids.id = { type: "integer" };
  }
  return schema;
}

function listReplySchema(): Json {
  const schema = asObject(adapt(pick(["definitions", "MeetingList"]), "response"));
  const allOf = schema.allOf;
  if (Array.isArray(allOf)) {
    const meetings = asObject(
      asObject(asObject(allOf[1] ?? null).properties ?? null).meetings ?? null,
    );
    const item = asObject(meetings.items ?? null);
    const itemAllOf = item.allOf;
    if (Array.isArray(itemAllOf))
      asObject(asObject(itemAllOf[0] ?? null).properties ?? null).id = { type: "integer" };
  }
  return schema;
}

function responseDefinitions(): Json {
  const definitions = asObject(adapt(pick(["definitions"]), "response"));
  asObject(asObject(definitions.User ?? null).properties ?? null).pmi = { type: "integer" };
  // Zoom sends an occurrence's id as a string of digits (its current reference and Rivet types).
  asObject(asObject(definitions.Occurrence ?? null).properties ?? null).occurrence_id = {
    type: "string",
  };
  return definitions;
}

/**
 * The 2.0 description types `weekly_days` as one integer; Zoom's "Recurrence
 * Object Definitions" take a comma-separated list such as "1,3".
 */
function requestDefinitions(): Json {
  const definitions = asObject(adapt(pick(["definitions"]), "request"));
  asObject(asObject(definitions.Recurrence ?? null).properties ?? null).weekly_days = {
    type: ["string", "integer"],
  };
  return definitions;
}

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
formats.default(ajv);
for (const name of ["int64", "int32", "double", "float", "binary", "password"]) {
  ajv.addFormat(name, true);
}
ajv.addFormat("zoom-request-time", ZOOM_REQUEST_TIME);

ajv.addSchema({
  $id: "zoom-request",
  definitions: requestDefinitions(),
  operations: {
    createMeeting: adapt(bodySchema("/users/{userId}/meetings", "post"), "request"),
    updateMeeting: adapt(bodySchema("/meetings/{meetingId}", "patch"), "request"),
  },
});

ajv.addSchema({
  $id: "zoom-response",
  definitions: responseDefinitions(),
  operations: {
    createMeeting: meetingReplySchema("/users/{userId}/meetings", "post", "201"),
    getMeeting: meetingReplySchema("/meetings/{meetingId}", "get", "200"),
    listMeetings: listReplySchema(),
    getUser: adapt(
      pick(["paths", "/users/{userId}", "get", "responses", "200", "schema"]),
      "response",
    ),
  },
});

function validator(ref: string): ValidateFunction {
  const validate = ajv.getSchema(ref);
  if (validate === undefined) throw new Error(`cannot compile ${ref}`);
  return validate;
}

export type RequestOperation = "createMeeting" | "updateMeeting";
export type ReplyOperation = "createMeeting" | "getMeeting" | "listMeetings" | "getUser";

/** Field errors in Zoom's shape (`{field, message}`), empty when the body is valid. */
export function requestBodyErrors(operation: RequestOperation, body: unknown): FieldError[] {
  const validate = validator(`zoom-request#/operations/${operation}`);
  if (validate(body)) return [];
  const fields = new Set<string>();
  for (const error of validate.errors ?? []) {
    const path = error.instancePath.slice(1).split("/").filter(Boolean);
    if (error.keyword === "required" && typeof error.params.missingProperty === "string") {
      path.push(error.params.missingProperty);
    }
    fields.add(path.join("."));
  }
  return [...fields].map((field) => ({ field, message: "Invalid field." }));
}

/** Problems with a reply, as readable strings; empty when it conforms. */
export function replyProblems(operation: ReplyOperation, body: unknown): string[] {
  const validate = validator(`zoom-response#/operations/${operation}`);
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || "/"} ${error.message ?? ""}`,
  );
}
