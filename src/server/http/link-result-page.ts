/**
 * The page the Webex linking dialog ends on. It tells the user, in a sentence, whether Webex
 * accepted, and tells the add-in through Office.context.ui.messageParent when Office is present
 * (the page is opened by displayDialogAsync; the message is how the dialog reports back), addressed
 * to the add-in's origin only. After a consent the message carries the one-time completion code
 * that the add-in sends back with its bearer token (src/server/http/webex-link-routes.ts); the code
 * is never shown. Nothing the user or Webex sent is written into the page.
 *
 * Its inline script runs under a per-response nonce; the rest of the backend forbids scripts.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/**
 * The dialog window must keep its opener: Office.js in a dialog on the web reaches the add-in
 * through window.opener, and a Cross-Origin-Opener-Policy of same-origin (helmet's default) on this
 * page, or on any redirect to it, cuts that link (the opener then sees the dialog as closed).
 */
export const DIALOG_PAGE_HEADERS: Readonly<Record<string, string>> = { 'Cross-Origin-Opener-Policy': 'unsafe-none' };

/** Microsoft's CDN: a dialog page must load office.js itself to talk to its parent. */
export const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export type LinkResult =
  /** Webex sent a grant; the add-in completes the link with `completion`. */
  | { status: 'consented'; completion: string }
  | { status: 'failed'; code: string };

export interface LinkResultPageOptions {
  /** Load office.js from Microsoft's CDN (production). Local dev hosts provide Office themselves. */
  loadOfficeJs: boolean;
  /** The add-in's origin: the only window the message is meant for. */
  addinOrigin: string;
}

const SENTENCES: Readonly<Record<string, string>> = {
  consented: 'Webex accepted the sign-in. The add-in finishes connecting your account; you can close this window.',
  webex_link_state_invalid: 'This link has expired or was already used. Start again from the add-in.',
  webex_access_denied: 'Webex access was not granted. Start again from the add-in if you change your mind.',
  webex_link_failed: 'Webex did not confirm the connection. Start again from the add-in.',
  webex_unavailable: 'Webex cannot be reached right now. Try again in a few minutes.',
};

export function sendLinkResultPage(reply: FastifyReply, statusCode: number, result: LinkResult, options: LinkResultPageOptions): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const sentence = SENTENCES[result.status === 'consented' ? 'consented' : result.code] ?? SENTENCES.webex_link_failed;
  const message = JSON.stringify({ type: 'webex-link', ...result });
  const officeScript = options.loadOfficeJs ? `<script src="${OFFICE_JS_URL}"></script>` : '';
  // JSON in a script block: "<" escaped so no value can close the element.
  const inlineData = JSON.stringify({ message, origin: options.addinOrigin }).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Webex Scheduler</title>
<style nonce="${nonce}">body{font-family:"Segoe UI",system-ui,sans-serif;margin:2rem;color:#242424}p{font-size:1rem}</style>
${officeScript}
</head>
<body>
<p data-testid="webex-link-result" data-status="${result.status}" data-code="${result.status === 'failed' ? result.code : ''}">${sentence}</p>
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
