/** How one provider's reference names the parts of its paths. */
export interface PathRules {
  /** The segment after one of these words is that kind of id: `users` → `{userId}`. */
  idAfter: ReadonlyMap<string, string>;
  /** A segment that is a word of the API rather than an identifier; any other is `{id}`. */
  word: RegExp;
}

/**
 * A provider API path as a pattern, the way the provider's reference names it, with every id
 * and email replaced by its kind. Metrics and logs get the pattern, never an id or an email.
 */
export function endpointPattern(path: string, rules: PathRules): string {
  const segments = path.split("?")[0]?.split("/") ?? [];
  return segments
    .map((segment, index) => {
      if (index === 0 || segment === "") return segment;
      const named = rules.idAfter.get(segments[index - 1] ?? "");
      if (named !== undefined) return named;
      return rules.word.test(segment) ? segment : "{id}";
    })
    .join("/");
}
