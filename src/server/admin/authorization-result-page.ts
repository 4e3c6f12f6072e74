/**
 * The page a user's own calendar authorization (individual mode) ends on, in the Office dialog the
 * add-in opened. It says in a sentence whether the calendar is connected and tells the add-in
 * through Office.context.ui.messageParent: `{"type":"microsoft-link","status":"linked"|"failed","code"?}`.
 * Nothing Microsoft or the user sent is written into the page.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { DIALOG_PAGE_HEADERS, OFFICE_JS_URL } from '../http/link-result-page';
import { escapeHtml, type AdminLanguage } from './admin-page';

export interface AuthorizationResult {
  status: 'linked' | 'failed';
  code?: string;
}

export interface AuthorizationResultPageOptions {
  /** Load office.js from Microsoft's CDN (production); the local dev host provides Office itself. */
  loadOfficeJs: boolean;
  /** The add-in's origin: the only window the message is meant for. */
  addinOrigin: string;
  language: AdminLanguage;
}

const SENTENCES: Record<AdminLanguage, Record<string, string>> = {
  en: {
    linked: 'Your Outlook calendar is connected: later changes of your meetings will reach Webex. You can close this window.',
    authorization_flow_invalid: 'This link has expired or was already used. Start again from the add-in.',
    authorization_declined: 'Access to your calendar was not granted. Start again from the add-in if you change your mind.',
    authorization_account_mismatch: 'You signed in with another account than the one using the add-in. Start again and choose the same account.',
    microsoft_unavailable: 'Microsoft 365 cannot be reached right now. Try again in a few minutes.',
    sign_in_failed: 'The sign-in could not be completed. Start again from the add-in.',
  },
  ru: {
    linked: 'Ваш календарь Outlook подключён: дальнейшие изменения встреч будут передаваться в Webex. Это окно можно закрыть.',
    authorization_flow_invalid: 'Срок действия ссылки истёк, или она уже использована. Начните заново из надстройки.',
    authorization_declined: 'Доступ к календарю не предоставлен. Если передумаете, начните заново из надстройки.',
    authorization_account_mismatch: 'Вы вошли под другой учётной записью, чем та, что работает в надстройке. Начните заново и выберите ту же учётную запись.',
    microsoft_unavailable: 'Microsoft 365 сейчас недоступен. Повторите попытку через несколько минут.',
    sign_in_failed: 'Не удалось завершить вход. Начните заново из надстройки.',
  },
};

export function sendAuthorizationResultPage(reply: FastifyReply, statusCode: number, result: AuthorizationResult, options: AuthorizationResultPageOptions): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const sentences = SENTENCES[options.language];
  const sentence = sentences[result.status === 'linked' ? 'linked' : (result.code ?? 'sign_in_failed')] ?? (sentences.sign_in_failed as string);
  const message = JSON.stringify({ type: 'microsoft-link', ...result });
  const officeScript = options.loadOfficeJs ? `<script src="${OFFICE_JS_URL}"></script>` : '';
  const inlineData = JSON.stringify({ message, origin: options.addinOrigin }).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Webex Scheduler</title>
<style nonce="${nonce}">body{font-family:"Segoe UI",system-ui,sans-serif;margin:2rem;color:#242424}p{font-size:1rem}</style>
${officeScript}
</head>
<body>
<p data-testid="microsoft-link-result" data-status="${result.status}" data-code="${escapeHtml(result.code ?? '')}">${escapeHtml(sentence)}</p>
<script nonce="${nonce}">
(function () {
  var data = ${inlineData};
  function send() {
    try {
      var ui = window.Office && Office.context && Office.context.ui;
      if (ui && ui.messageParent) {
        try { ui.messageParent(data.message, { targetOrigin: data.origin }); } catch (e) { ui.messageParent(data.message); }
        return;
      }
      // No Office.js (the local Outlook dev host opened this window): tell the opener, at the add-in's origin only.
      var opener = window.opener || (window.parent !== window ? window.parent : null);
      if (opener) opener.postMessage(data.message, data.origin);
    } catch (e) { /* not in an Office dialog: the sentence is enough */ }
  }
  if (window.Office && Office.onReady) Office.onReady(send); else send();
})();
</script>
</body>
</html>`;
  const officeSource = options.loadOfficeJs ? ' https://appsforoffice.microsoft.com' : '';
  return reply
    .code(statusCode)
    .header('Cache-Control', 'no-store')
    .headers(DIALOG_PAGE_HEADERS)
    .header(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'nonce-${nonce}'${officeSource}; style-src 'nonce-${nonce}'; connect-src 'self'${officeSource}; frame-src${officeSource || " 'none'"}; base-uri 'none'; form-action 'none'`,
    )
    .type('text/html; charset=utf-8')
    .send(html);
}
