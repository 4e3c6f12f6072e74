/**
 * The pages of GET /v1/authorize. A real Webex sign-in asks for an email and a password; the
 * emulator lists the seeded people instead (buttons `webex-user-<email>`), then shows the consent
 * page with the scopes and an accept button (`webex-accept`). Plain HTML forms, no script, so any
 * browser (or a test with fetch) can drive them.
 */
import type { WebexPerson } from './webex-directory';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function hidden(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n      ');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <style>
    body { font-family: system-ui, sans-serif; background: #f4f4f6; margin: 0; }
    main { max-width: 28rem; margin: 4rem auto; background: #fff; border-radius: 8px; padding: 2rem; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
    h1 { font-size: 1.3rem; margin-top: 0; }
    button { display: block; width: 100%; margin: .4rem 0; padding: .7rem; border: 1px solid #ccc; border-radius: 6px; background: #fff; font-size: 1rem; cursor: pointer; text-align: left; }
    button.primary { background: #07c; color: #fff; border-color: #07c; text-align: center; }
    .email { color: #555; font-size: .85rem; }
    ul { padding-left: 1.2rem; }
  </style>
</head>
<body>
  <main>
${body}
  </main>
</body>
</html>`;
}

export function chooserPage(integrationName: string, people: WebexPerson[], params: Record<string, string>): string {
  const buttons = people
    .map(
      (p) =>
        `      <button type="submit" name="email" value="${escapeHtml(p.email)}" data-testid="webex-user-${escapeHtml(p.email)}">` +
        `${escapeHtml(p.displayName)}<br><span class="email">${escapeHtml(p.email)}</span></button>`,
    )
    .join('\n');
  return page(
    'Sign in to Webex',
    `    <h1>Sign in to Webex</h1>
    <p>${escapeHtml(integrationName)} wants to use your Webex account. Choose who you are (local emulator).</p>
    <form method="get" action="/v1/authorize">
      ${hidden(params)}
${buttons || '      <p>No people are seeded.</p>'}
    </form>`,
  );
}

export function consentPage(integrationName: string, person: WebexPerson, scopes: string[], params: Record<string, string>): string {
  return page(
    'Webex: allow access',
    `    <h1>Allow ${escapeHtml(integrationName)}?</h1>
    <p>Signed in as <strong>${escapeHtml(person.displayName)}</strong> <span class="email">${escapeHtml(person.email)}</span>.</p>
    <p>It will be able to:</p>
    <ul>
${scopes.map((s) => `      <li>${escapeHtml(s)}</li>`).join('\n')}
    </ul>
    <form method="post" action="/v1/authorize">
      ${hidden({ ...params, email: person.email })}
      <button class="primary" type="submit" name="decision" value="accept" data-testid="webex-accept">Accept</button>
      <button type="submit" name="decision" value="decline" data-testid="webex-decline">Decline</button>
    </form>`,
  );
}

export function errorPage(message: string): string {
  return page(
    'Webex: authorization failed',
    `    <h1>Authorization failed</h1>\n    <p data-testid="webex-authorize-error">${escapeHtml(message)}</p>`,
  );
}
