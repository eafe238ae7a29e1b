/** Any origin that cannot be real: a path resolved against it either stays on it or leaves. */
const base = "http://confab.invalid";

/**
 * Where to send a browser back to, given a `next` or return-to value from a request: a path on
 * this site, or `/`. The value is judged only after it is resolved as a browser resolves a
 * Location header (dot segments and `%2e` removed, `\` read as `/`, tabs and newlines dropped),
 * since `/.//evil.example` looks like a path and becomes `//evil.example`. What it gives back is
 * that resolved path, so what passed the check is exactly what the browser follows.
 */
export function localReturnPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return "/";
  }
  if (url.origin !== base) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path starting with `//` (or `/\`) would be read as another host by the next parser.
  if (url.pathname.startsWith("//") || path.includes("\\")) return "/";
  return path;
}
