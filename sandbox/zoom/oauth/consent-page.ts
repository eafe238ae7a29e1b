/**
 * The HTML of `/oauth/authorize`: sign-in and consent, and the error pages. Its frame
 * (`zoomPage`) is the one every person-facing page of the sandbox is drawn in.
 */
import { escapeHtml } from "../../common/escape-html.ts";

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; background: #f3f5f8; color: #1d2330; }
  header { background: #0b5cff; color: #fff; padding: 14px 24px; font-weight: 700; letter-spacing: .02em; }
  main { max-width: 440px; margin: 40px auto; background: #fff; border-radius: 12px;
         box-shadow: 0 2px 12px rgba(20, 30, 60, .08); padding: 28px 32px; }
  h1 { font-size: 1.35rem; margin: 0 0 6px; }
  p { line-height: 1.5; }
  .muted { color: #5c6578; font-size: .92rem; }
  label { display: block; font-weight: 600; margin: 18px 0 6px; }
  input[type=email], input[type=text] { width: 100%; box-sizing: border-box; padding: 10px 12px; font-size: 1rem;
                      border: 1px solid #c5ccd8; border-radius: 8px; }
  input:focus { outline: 2px solid #0b5cff; outline-offset: 1px; }
  ul.scopes { padding-left: 20px; margin: 8px 0 0; }
  ul.scopes li { margin: 4px 0; }
  .actions { display: flex; gap: 12px; margin-top: 24px; }
  input, button { font: inherit; }
  button { flex: 1; padding: 10px 14px; font-size: 1rem; border-radius: 8px; cursor: pointer;
           border: 1px solid #0b5cff; }
  button.allow { background: #0b5cff; color: #fff; }
  button.decline { background: #fff; color: #0b5cff; }
  .error { background: #fdecec; color: #9b1c1c; border-radius: 8px; padding: 10px 12px; }
  .notice { background: #e8f6ec; color: #1b5e33; border-radius: 8px; padding: 10px 12px; }
  a { color: #0b5cff; }
  nav.crumbs { font-size: .92rem; margin-bottom: 12px; }
  ul.apps { list-style: none; padding: 0; margin: 16px 0 0; }
  ul.apps li { border: 1px solid #dde2ea; border-radius: 8px; margin: 8px 0; }
  ul.apps a { display: block; padding: 12px 14px; text-decoration: none; }
  a.button { display: inline-block; flex: 1; text-align: center; padding: 10px 14px;
             border-radius: 8px; border: 1px solid #0b5cff; text-decoration: none; }
  button.danger { background: #c62828; border-color: #c62828; color: #fff; }
  @media (max-width: 480px) { main { margin: 16px 8px; padding: 20px 18px; } }
`;

export function zoomPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>zoom <span class="muted" style="color:#dce6ff;font-weight:400">sandbox</span></header>
<main>
${body}
</main>
</body>
</html>`;
}

export interface ConsentPageInput {
  appName: string;
  scopes: string[];
  /** The authorization request, carried through the form unchanged. */
  request: Record<string, string>;
  email?: string;
  problem?: string;
}

export function consentPage(input: ConsentPageInput): string {
  const hidden = Object.entries(input.request)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join("\n");
  const scopes = input.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join("\n");
  const problem =
    input.problem === undefined
      ? ""
      : `<p class="error" role="alert">${escapeHtml(input.problem)}</p>`;
  return zoomPage(
    `Authorize ${input.appName}`,
    `<h1>${escapeHtml(input.appName)} would like to access your Zoom account</h1>
<p class="muted">Sign in with the email address of your Zoom user, then decide whether to give it access.</p>
${problem}
<form method="post" action="/oauth/authorize">
${hidden}
<label for="email">Email address</label>
<input type="email" id="email" name="email" autocomplete="email" required value="${escapeHtml(input.email ?? "")}">
<p><strong>${escapeHtml(input.appName)}</strong> will be able to:</p>
<ul class="scopes">
${scopes}
</ul>
<div class="actions">
<button type="submit" class="decline" name="decision" value="decline" formnovalidate>Decline</button>
<button type="submit" class="allow" name="decision" value="allow">Allow</button>
</div>
</form>`,
  );
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
  return zoomPage(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p class="error" role="alert">${escapeHtml(message)}</p>
${link}`,
  );
}
