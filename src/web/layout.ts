import { type Html, html } from "./html.ts";

export interface PageOptions {
  title: string;
  main: Html;
}

/** The one layout every page shares: skip link, header, main landmark, footer. */
export function layout({ title, main }: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title} · confab</title>
    <link rel="stylesheet" href="/assets/confab.css">
  </head>
  <body>
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="top-bar">
      <a class="brand" href="/">confab</a>
    </header>
    <main id="main" tabindex="-1">
${main}
    </main>
    <footer class="site-footer">confab · conferencing for scheduling platforms</footer>
  </body>
</html>
`.value;
}
