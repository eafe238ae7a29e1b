export interface PageForm {
  method: string;
  action: string;
  /** Field names with the values the page put in them (hidden inputs, options, defaults). */
  fields: Map<string, Set<string>>;
  /** The form's markup, for failure messages. */
  markup: string;
}

function decode(text: string): string {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** The forms of a page, as a browser would submit them. */
export function formsOf(page: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const [markup, attributes, inner] of page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const method = /\bmethod="([^"]*)"/i.exec(attributes as string)?.[1]?.toLowerCase() ?? "get";
    const action = decode(/\baction="([^"]*)"/i.exec(attributes as string)?.[1] ?? "");
    const fields = new Map<string, Set<string>>();
    const add = (name: string, value: string | undefined) => {
      const values = fields.get(name) ?? new Set<string>();
      if (value !== undefined) values.add(value);
      fields.set(name, values);
    };
    for (const [, tag] of (inner as string).matchAll(
      /<(?:input|textarea|select|button)\b([^>]*)>/g,
    )) {
      const name = /\bname="([^"]*)"/.exec(tag as string)?.[1];
      if (!name) continue;
      const value = /\bvalue="([^"]*)"/.exec(tag as string)?.[1];
      add(decode(name), value === undefined ? undefined : decode(value));
    }
    for (const [, select, options] of (inner as string).matchAll(
      /<select\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g,
    )) {
      for (const [, value] of (options as string).matchAll(/<option value="([^"]*)"/g)) {
        add(decode(select as string), decode(value as string));
      }
    }
    forms.push({ method, action, fields, markup: markup as string });
  }
  return forms;
}

/** Whether a concrete path is an instance of a route's URL pattern (`/o/:org/…`). */
export function matchesRoute(path: string, routeUrl: string): boolean {
  const pattern = routeUrl
    .split("/")
    .map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${pattern}$`).test(path.split("?")[0] as string);
}
