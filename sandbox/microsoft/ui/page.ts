/**
 * The frame every person-facing page of the sandbox is drawn in (sign-in, consent, admin
 * consent, My Apps, Enterprise applications), and its error page. Everything echoed is escaped.
 */
import { escapeHtml } from "../../common/escape-html.ts";

const STYLE = `
  :root { color-scheme: light; font-family: "Segoe UI", system-ui, -apple-system, sans-serif; }
  body { margin: 0; background: #f2f2f2; color: #1b1b1b; }
  header { background: #fff; border-bottom: 1px solid #e1e1e1; padding: 12px 24px; font-weight: 600; }
  header .muted { font-weight: 400; }
  main { max-width: 440px; margin: 40px auto; background: #fff; box-shadow: 0 2px 6px rgba(0,0,0,.2);
         padding: 32px 40px; }
  h1 { font-size: 1.5rem; font-weight: 600; margin: 0 0 12px; }
  p { line-height: 1.5; }
  .muted { color: #605e5c; font-size: .92rem; }
  label { display: block; font-weight: 600; margin: 18px 0 6px; }
  input[type=email], input[type=text] { width: 100%; box-sizing: border-box; padding: 8px 10px; font-size: 1rem;
                      border: 0; border-bottom: 1px solid #666; }
  input:focus { outline: 2px solid #0067b8; outline-offset: 1px; }
  ul.permissions { padding-left: 20px; margin: 8px 0 0; }
  ul.permissions li { margin: 4px 0; }
  .actions { display: flex; gap: 12px; margin-top: 24px; }
  input, button { font: inherit; }
  button { flex: 1; padding: 8px 14px; font-size: 1rem; cursor: pointer; border: 1px solid #0067b8; }
  button.primary { background: #0067b8; color: #fff; }
  button.secondary { background: #fff; color: #1b1b1b; border-color: #8a8886; }
  button.danger { background: #a4262c; border-color: #a4262c; color: #fff; }
  .error { background: #fde7e9; color: #a4262c; padding: 10px 12px; }
  .notice { background: #dff6dd; color: #107c10; padding: 10px 12px; }
  a { color: #0067b8; }
  a.button { display: inline-block; flex: 1; text-align: center; padding: 8px 14px;
             border: 1px solid #8a8886; text-decoration: none; }
  ul.apps { list-style: none; padding: 0; margin: 16px 0 0; }
  ul.apps li { border: 1px solid #e1e1e1; margin: 8px 0; padding: 12px 14px; }
  ul.apps form { margin-top: 8px; }
  @media (max-width: 480px) { main { margin: 16px 8px; padding: 20px 18px; } }
`;

export function microsoftPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>Microsoft <span class="muted">sandbox</span></header>
<main>
${body}
</main>
</body>
</html>`;
}

export function problemHtml(problem: string | undefined): string {
  return problem === undefined ? "" : `<p class="error" role="alert">${escapeHtml(problem)}</p>`;
}

export function hiddenFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join("\n");
}

/** `back`: a way out, for a refusal a person cannot do anything about here. */
export function errorPage(
  title: string,
  message: string,
  back?: { href: string; label: string },
): string {
  const link =
    back === undefined
      ? ""
      : `<div class="actions"><a class="button" href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></div>`;
  return microsoftPage(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p class="error" role="alert">${escapeHtml(message)}</p>
${link}`,
  );
}
