/**
 * The emulator's pages (pure HTML rendering): the sign-in page of the authorize endpoint, the
 * admin consent page, the error page shown when a request cannot be redirected back, the
 * auto-submitting form of response_mode=form_post, and the signed-out page.
 *
 * The seeded users are listed with their passwords filled in, for local use only. Stable
 * data-testid attributes let browser tests drive the pages: identity-user-<upn>, identity-username,
 * identity-password, identity-consent, identity-consent-org, identity-sign-in, identity-accept,
 * identity-cancel, identity-error (with data-error-code).
 */
import type { DirectoryUser } from '../shared/directory';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export interface PagePermission {
  /** e.g. "Microsoft Graph" */
  resource: string;
  permission: string;
  kind: 'delegated' | 'application';
  adminOnly: boolean;
}

export interface SignInPageModel {
  mode: 'sign-in' | 'admin-consent';
  /** Path the form posts back to. */
  action: string;
  /** The authorize request's parameters, carried through the form. */
  hidden: Record<string, string>;
  appName: string;
  tenants: Array<{ displayName: string; users: DirectoryUser[] }>;
  selectedLogin?: string;
  permissions: PagePermission[];
  error?: { code: string; message: string };
}

const STYLE = `
body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0;color:#1b1b1b}
main{max-width:520px;margin:40px auto;background:#fff;padding:32px 40px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:0 0 8px}h2{font-size:15px;margin:20px 0 8px;color:#555}
.users{display:flex;flex-direction:column;gap:6px}
.user{display:block;text-align:left;width:100%;padding:8px 12px;border:1px solid #ccc;background:#fff;cursor:pointer;font:inherit}
.user[aria-pressed=true]{border-color:#0067b8;background:#eef5fc}.upn{color:#555;font-size:13px}
.badge{font-size:11px;background:#0067b8;color:#fff;padding:1px 6px;margin-left:6px}
label{display:block;margin:10px 0 4px}input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:6px;font:inherit}
.perms{margin:4px 0 0 24px;padding:0;font-size:14px}.error{color:#a80000;border-left:3px solid #a80000;padding:6px 10px;margin:12px 0}
.actions{margin-top:20px;display:flex;gap:8px;justify-content:flex-end}
.actions button{padding:6px 20px;font:inherit;border:1px solid #0067b8;background:#0067b8;color:#fff;cursor:pointer}
.actions button.secondary{background:#fff;color:#1b1b1b;border-color:#888}
.note{font-size:12px;color:#666;margin-top:16px}`;

function layout(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function permissionList(permissions: PagePermission[]): string {
  return `<ul class="perms">${permissions
    .map(
      (p) =>
        `<li>${escapeHtml(p.permission)} <span class="upn">(${escapeHtml(p.resource)}, ${p.kind === 'application' ? 'application' : 'delegated'}${p.adminOnly ? ', admin consent required' : ''})</span></li>`,
    )
    .join('')}</ul>`;
}

export function renderSignInPage(m: SignInPageModel): string {
  const users = m.tenants
    .map(
      (t) =>
        `<h2>${escapeHtml(t.displayName)}</h2><div class="users">${t.users
          .map((u) => {
            const selected = m.selectedLogin?.toLowerCase() === u.userPrincipalName.toLowerCase();
            return `<button type="button" class="user" aria-pressed="${selected}" data-testid="identity-user-${escapeHtml(u.userPrincipalName)}" data-login="${escapeHtml(u.userPrincipalName)}" data-password="${escapeHtml(u.password)}">${escapeHtml(u.displayName)}${u.isTenantAdmin ? '<span class="badge">admin</span>' : ''}<br><span class="upn">${escapeHtml(u.userPrincipalName)}</span></button>`;
          })
          .join('')}</div>`,
    )
    .join('');
  const selectedUser = m.tenants.flatMap((t) => t.users).find((u) => u.userPrincipalName.toLowerCase() === m.selectedLogin?.toLowerCase());
  const hidden = Object.entries(m.hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const consent =
    m.mode === 'sign-in'
      ? m.permissions.length
        ? `<h2>Permissions requested</h2><label><input type="checkbox" name="consent" value="yes" checked data-testid="identity-consent"> Allow ${escapeHtml(m.appName)} to:</label>${permissionList(m.permissions)}<label><input type="checkbox" name="consent_org" value="yes" data-testid="identity-consent-org"> Consent on behalf of your organization (administrators)</label>`
        : ''
      : `<h2>Permissions requested for the whole organization</h2>${permissionList(m.permissions)}`;
  const submit =
    m.mode === 'sign-in'
      ? '<button type="submit" name="action" value="accept" data-testid="identity-sign-in">Sign in</button>'
      : '<button type="submit" name="action" value="accept" data-testid="identity-accept">Accept</button>';
  const error = m.error
    ? `<div class="error" data-testid="identity-error" data-error-code="${escapeHtml(m.error.code)}">${escapeHtml(m.error.code)}: ${escapeHtml(m.error.message)}</div>`
    : '';
  const title = m.mode === 'sign-in' ? `Sign in to ${m.appName}` : `Grant ${m.appName} access to your organization`;
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>${error}${users}
<form method="post" action="${escapeHtml(m.action)}" id="signin">${hidden}
<label for="login">Account</label><input type="text" id="login" name="login" autocomplete="username" value="${escapeHtml(selectedUser?.userPrincipalName ?? m.selectedLogin ?? '')}" data-testid="identity-username">
<label for="passwd">Password</label><input type="password" id="passwd" name="passwd" autocomplete="current-password" value="${escapeHtml(selectedUser?.password ?? '')}" data-testid="identity-password">
${consent}
<div class="actions">${submit}<button type="submit" name="action" value="cancel" class="secondary" data-testid="identity-cancel">Cancel</button></div>
</form>
<p class="note">Local Microsoft identity emulator: the seeded accounts and their passwords are shown for local testing only.</p>
<script>
for (const b of document.querySelectorAll('button.user')) {
  b.addEventListener('click', () => {
    document.getElementById('login').value = b.dataset.login;
    document.getElementById('passwd').value = b.dataset.password;
    for (const o of document.querySelectorAll('button.user')) o.setAttribute('aria-pressed', String(o === b));
  });
}
</script>`,
  );
}

export function renderErrorPage(error: { code: string; message: string }): string {
  return layout(
    'Sign in',
    `<h1>Sorry, but we're having trouble signing you in.</h1><div class="error" data-testid="identity-error" data-error-code="${escapeHtml(error.code)}">${escapeHtml(error.code)}: ${escapeHtml(error.message)}</div>`,
  );
}

/** response_mode=form_post: a page that posts the response to the redirect URI. */
export function renderFormPost(redirectUri: string, params: Record<string, string>): string {
  const inputs = Object.entries(params)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return `<!DOCTYPE html><html><head><title>Working...</title></head><body><form method="POST" name="hiddenform" action="${escapeHtml(redirectUri)}">${inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript></form><script>document.forms[0].submit();</script></body></html>`;
}

export function renderSignedOut(): string {
  return layout(
    'Signed out',
    '<h1 data-testid="identity-signed-out">You signed out of your account</h1><p>It\'s a good idea to close all browser windows.</p>',
  );
}
