/** What confab adds to a hosted link's redirect_uri when the person lands back. */
const landingParameters = ["last_linked_profile_id", "error"];

const beforeQuery = (uri: string) => uri.split("?", 1)[0] as string;

/**
 * Why `given` cannot be a hosted link's redirect_uri, if it cannot. Its scheme, host, port and
 * path must be a registered redirect URI's, character for character, so that no look-alike
 * passes; the query string is the application's own (state of its choosing, say) and is kept.
 */
export function redirectUriProblem(registered: string[], given: string): string | undefined {
  if (!registered.some((uri) => beforeQuery(uri) === beforeQuery(given))) {
    return "This redirect_uri is not registered for the application; register it first. Its scheme, host, port and path must match a registered one exactly; the query string may differ.";
  }
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return "This redirect_uri is not a valid URL.";
  }
  if (given.includes("#")) return "A redirect_uri must not have a fragment (#…).";
  const taken = landingParameters.filter((name) => url.searchParams.has(name));
  if (taken.length > 0) {
    return `confab adds ${taken.join(" and ")} to the redirect_uri itself; leave ${taken.length === 1 ? "it" : "them"} out of the query string.`;
  }
  return undefined;
}

/**
 * Where the person lands back: the redirect_uri with its own query string as the application
 * gave it, and one parameter of confab's appended to it.
 */
export function landingUrl(redirectUri: string, name: string, value: string): string {
  const url = new URL(redirectUri);
  const own = url.search.slice(1);
  url.search = `${own === "" ? "" : `${own}&`}${name}=${encodeURIComponent(value)}`;
  return url.href;
}
