/**
 * The frame of the pages an Office dialog ends on after a sign-in with another service: the Webex
 * link (link-result-page.ts) and the user's own calendar authorization
 * (authorization-result-page.ts). The page says in a sentence how it went and tells the add-in
 * through Office.context.ui.messageParent when Office is present (the page is opened by
 * displayDialogAsync; the message is how the dialog reports back), addressed to the add-in's origin
 * only. Every text written into the page is escaped; the message travels as JSON in the script,
 * with "<" escaped so that no value can close the element.
 *
 * Its inline script and style run under a per-response nonce; the rest of the backend forbids scripts.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../../core/join-block/escape-html';

/**
 * The dialog window must keep its opener: Office.js in a dialog on the web reaches the add-in
 * through window.opener, and a Cross-Origin-Opener-Policy of same-origin (helmet's default) on this
 * page, or on any redirect to it, cuts that link (the opener then sees the dialog as closed).
 */
export const DIALOG_PAGE_HEADERS: Readonly<Record<string, string>> = { 'Cross-Origin-Opener-Policy': 'unsafe-none' };

/** Microsoft's CDN: a dialog page must load office.js itself to talk to its parent. */
export const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export interface DialogPageOptions {
  /** Load office.js from Microsoft's CDN (production). Local dev hosts provide Office themselves. */
  loadOfficeJs: boolean;
  /** The add-in's origin: the only window the message is meant for. */
  addinOrigin: string;
}

export interface DialogResult {
  /** The page's language (`lang`). */
  language: string;
  /** The paragraph's data-testid, for tests and the dev host. */
  testId: string;
  status: string;
  code?: string;
  /** What the user reads. */
  sentence: string;
  /** What the add-in is told (JSON-serializable). */
  message: Record<string, unknown>;
}

export interface DialogPage {
  html: string;
  contentSecurityPolicy: string;
}

export function renderDialogResultPage(result: DialogResult, options: DialogPageOptions): DialogPage {
  const nonce = randomBytes(16).toString('base64');
  const officeScript = options.loadOfficeJs ? `<script src="${OFFICE_JS_URL}"></script>` : '';
  const inlineData = JSON.stringify({ message: JSON.stringify(result.message), origin: options.addinOrigin }).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="${escapeHtml(result.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Webex Scheduler</title>
<style nonce="${nonce}">body{font-family:"Segoe UI",system-ui,sans-serif;margin:2rem;color:#242424}p{font-size:1rem}</style>
${officeScript}
</head>
<body>
<p data-testid="${escapeHtml(result.testId)}" data-status="${escapeHtml(result.status)}" data-code="${escapeHtml(result.code ?? '')}">${escapeHtml(result.sentence)}</p>
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
      // No Office.js (local mode, where the Outlook dev host opened this window): tell the opener
      // directly, and only if it is the add-in's origin.
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
  const contentSecurityPolicy = `default-src 'none'; script-src 'nonce-${nonce}'${officeSource}; style-src 'nonce-${nonce}'; connect-src 'self'${officeSource}; frame-src${officeSource || " 'none'"}; base-uri 'none'; form-action 'none'`;
  return { html, contentSecurityPolicy };
}

export function sendDialogResultPage(
  reply: FastifyReply,
  statusCode: number,
  result: DialogResult,
  options: DialogPageOptions,
): FastifyReply {
  const page = renderDialogResultPage(result, options);
  return reply
    .code(statusCode)
    .header('Cache-Control', 'no-store')
    .headers(DIALOG_PAGE_HEADERS)
    .header('Content-Security-Policy', page.contentSecurityPolicy)
    .type('text/html; charset=utf-8')
    .send(page.html);
}
