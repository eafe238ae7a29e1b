import type { FastifyInstance } from "fastify";

export interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * Every route the app has registered, read from Fastify's route tree, so that tests which must
 * cover every form or endpoint pick up new ones by themselves. Each route found is checked
 * against the router, so a change in the tree's printed layout fails loudly instead of
 * silently finding nothing.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const parents: string[] = [];
  const line = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/;
  for (const text of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const match = line.exec(text);
    if (!match) continue;
    const depth = (match[1] as string).length / 4;
    const segment = match[2] as string;
    const parent = parents[depth - 1];
    // A child continues its parent's text: routes sharing a prefix split inside a segment
    // ("…/change" with children "d-in-zoom/keep" and "s"), so no "/" is added between them.
    const url = parent === undefined ? segment : `${parent}${segment}`;
    parents[depth] = url;
    parents.length = depth + 1;
    // HEAD routes are the GET routes' automatic twins.
    for (const method of (match[3] ?? "").split(", ").filter((m) => m && m !== "HEAD")) {
      // (Wildcard routes are left out of the check: the router does not look them up by pattern.)
      if (!url.includes("*") && !app.hasRoute({ method: method as "GET", url })) {
        throw new Error(
          `read ${method} ${url} from the route tree, but the router has no such route`,
        );
      }
      routes.push({ method, url });
    }
  }
  if (!routes.some((r) => r.method === "POST" && r.url === "/sign-in")) {
    throw new Error("the route tree could not be read: POST /sign-in is missing from it");
  }
  return routes;
}

/** Routes that take a POST from a browser's form: all but the API's and the providers' webhooks. */
export function formRoutes(app: FastifyInstance, apiPaths: string[]): RegisteredRoute[] {
  const api = new Set(apiPaths.map((p) => p.replace(/\{([^}]+)\}/g, ":$1")));
  return registeredRoutes(app).filter(
    (r) => r.method === "POST" && !api.has(r.url) && !r.url.startsWith("/webhooks/"),
  );
}

/** The paths of the API's OpenAPI document, as the app serves it. */
export async function openApiDocument(app: FastifyInstance) {
  const reply = await app.inject({ method: "GET", url: "/openapi.json" });
  if (reply.statusCode !== 200) throw new Error(`/openapi.json answered ${reply.statusCode}`);
  return reply.json() as {
    paths: Record<string, Record<string, OpenApiOperation>>;
  };
}

export interface OpenApiOperation {
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  maxLength?: number;
  minLength?: number;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** Fills a route's `:params` from `values` (by name), or with `fallback` for unknown names. */
export function fillPath(
  url: string,
  values: Record<string, string>,
  fallback = "unknown",
): string {
  return url.replace(/:([A-Za-z_]+)|\{([A-Za-z_]+)\}/g, (_m, colon: string, brace: string) =>
    encodeURIComponent(values[colon ?? brace] ?? fallback),
  );
}

/** The `:params` a route's URL names. */
export function paramsOf(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z_]+)|\{([A-Za-z_]+)\}/g)].map((m) => (m[1] ?? m[2]) as string);
}
