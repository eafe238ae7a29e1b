import fc from "fast-check";

/**
 * How hard the fuzz suites push: a fixed seed by default, so a run is repeatable and a failure
 * names the seed and path that reproduce it. CONFAB_FUZZ_SEED picks another seed,
 * CONFAB_FUZZ_RUNS sets the runs per route (more finds more, and takes longer).
 */
export function fuzzSettings(defaultRuns: number) {
  const seed = Number(process.env.CONFAB_FUZZ_SEED ?? 20_250_808);
  const runs = Number(process.env.CONFAB_FUZZ_RUNS ?? defaultRuns);
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(runs) || runs < 1) {
    throw new Error("CONFAB_FUZZ_SEED and CONFAB_FUZZ_RUNS must be whole numbers (runs ≥ 1)");
  }
  return { seed, runs };
}

/** Strings that have broken web apps before: markup, quoting, control and odd Unicode. */
const nasty = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\r\n",
  "\t",
  "\u2028",
  "\uFEFF",
  "\uD800",
  "\uDFFF",
  "🙂",
  "e\u0301",
  "Ω≈ç√",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' or '1'='1",
  "'); drop table users; --",
  "../../../../etc/passwd",
  "%00",
  "%",
  "%ZZ",
  "null",
  "undefined",
  "true",
  "false",
  "0",
  "-1",
  "1e309",
  "NaN",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "//evil.example",
  "https://evil.example/",
  "javascript:alert(1)",
  "/\t/evil.example",
  "/\\evil.example",
  // Page cursors a client could make up: a page past any limit, a query of the wrong shape.
  Buffer.from(JSON.stringify({ page: 1e300, include_managed: true })).toString("base64url"),
  Buffer.from(JSON.stringify({ page: 2, from: { $gt: "" }, tzid: [] })).toString("base64url"),
];

/** Arrays inside arrays, `depth` levels deep, around one value. */
function nested(depth: number): unknown {
  let value: unknown = "deep";
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

/** Lengths around the limits a field might have, and past the request size limit. */
const hugeLengths = [101, 256, 1001, 4097, 70_000, 300_000];

/** A hostile string: random text of every kind, known troublemakers, or a huge one. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 4, arbitrary: fc.constantFrom(...nasty) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...hugeLengths), fc.constantFrom("x", "é", "🙂", "\u0000", "a b"))
      .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length))),
  },
);

/** Any JSON value a careless client could send where a string is expected. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(hostileText, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileText, hostileText, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(33, 200).map(nested) },
);

/** A value from `valid` most of the time, else a hostile one. */
export function mostlyValid<T>(valid: readonly T[], hostile: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return valid.length === 0
    ? hostile
    : fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...valid) },
        { weight: 2, arbitrary: hostile },
      );
}

/** A hostile path segment or query value (it is percent-encoded when sent). */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.constantFrom("0", "-1", "null", "%", "..", "a".repeat(3000), "🙂", "pro_", "usr_x", "\u0000"),
);

/** Describes a reply in a failure message: status and the start of its body. */
export function describeReply(reply: { statusCode: number; body: string }) {
  return `${reply.statusCode} ${reply.body.replace(/\s+/g, " ").slice(0, 400)}`;
}

/** Says whether a 4xx reply tells the caller what was wrong: a JSON message, or a page that does. */
export function hasMessage(reply: { body: string; headers: Record<string, unknown> }): boolean {
  const type = String(reply.headers["content-type"] ?? "");
  if (type.includes("application/json")) {
    try {
      const body = JSON.parse(reply.body) as Record<string, unknown>;
      return (
        [body.message, body.error_description].some(
          (m) => typeof m === "string" && m.trim().length > 0,
        ) ||
        (typeof body.errors === "object" &&
          body.errors !== null &&
          Object.keys(body.errors).length > 0)
      );
    } catch {
      return false;
    }
  }
  if (type.includes("text/html")) {
    const shown =
      /role="alert"[^>]*>\s*[^<\s]/.test(reply.body) ||
      /class="field-error"[^>]*>\s*[^<\s]/.test(reply.body) ||
      /<section class="panel[^"]*error-panel[^"]*">\s*<h1>[^<]+<\/h1>\s*<p>\s*[^<\s]/.test(
        reply.body,
      ) ||
      /<h1>[^<]+<\/h1>\s*<p class="lead">\s*[^<\s]/.test(reply.body);
    return shown;
  }
  return false;
}

/**
 * Runs a property and, when it fails, reports the seed, the path to replay it and the failure,
 * cut to a readable length (a counterexample can be a 300 kB string).
 */
export async function checkProperty<T>(
  property: fc.IAsyncPropertyWithHooks<T>,
  settings: { seed: number; runs: number },
): Promise<void> {
  const details = await fc.check(property, { seed: settings.seed, numRuns: settings.runs });
  if (!details.failed) return;
  const cause =
    details.errorInstance instanceof Error
      ? details.errorInstance.message
      : String(details.errorInstance);
  const example = JSON.stringify(details.counterexample)?.slice(0, 600) ?? "";
  throw new Error(
    `failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"): ${cause.slice(0, 1500)}\n  counterexample: ${example}`,
  );
}

/**
 * Zoom apps configured against an address where nothing answers: pages and endpoints that only
 * build Zoom URLs work, and nothing a fuzzer sends can reach a Zoom.
 */
export const zoomNowhere = {
  ZOOM_OAUTH_BASE_URL: "http://127.0.0.1:9",
  ZOOM_API_BASE_URL: "http://127.0.0.1:9/v2",
  ZOOM_USER_CLIENT_ID: "fuzz-user-app",
  ZOOM_USER_CLIENT_SECRET: "fuzz-user-app-secret",
  ZOOM_ORG_CLIENT_ID: "fuzz-org-app",
  ZOOM_ORG_CLIENT_SECRET: "fuzz-org-app-secret",
  ZOOM_WEBHOOK_SECRET: "fuzz-webhook-secret",
};
