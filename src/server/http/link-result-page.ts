/**
 * The page the Webex linking dialog ends on. It tells the user, in a sentence, whether Webex
 * accepted, and tells the add-in through Office.context.ui.messageParent when Office is present
 * (the page is opened by displayDialogAsync; the message is how the dialog reports back), addressed
 * to the add-in's origin only. After a consent the message carries the one-time completion code
 * that the add-in sends back with its bearer token (src/server/http/webex-link-routes.ts); the code
 * is never shown. Nothing the user or Webex sent is written into the page. The frame is
 * dialog-result-page.ts's.
 */
import type { FastifyReply } from 'fastify';
import { sendDialogResultPage, type DialogPageOptions } from './dialog-result-page';

export type LinkResult =
  /** Webex sent a grant; the add-in completes the link with `completion`. */
  { status: 'consented'; completion: string } | { status: 'failed'; code: string };

export type LinkResultPageOptions = DialogPageOptions;

const SENTENCES: Readonly<Record<string, string>> = {
  consented: 'Webex accepted the sign-in. The add-in finishes connecting your account; you can close this window.',
  webex_link_state_invalid: 'This link has expired or was already used. Start again from the add-in.',
  webex_access_denied: 'Webex access was not granted. Start again from the add-in if you change your mind.',
  webex_link_failed: 'Webex did not confirm the connection. Start again from the add-in.',
  webex_unavailable: 'Webex cannot be reached right now. Try again in a few minutes.',
};

export function sendLinkResultPage(
  reply: FastifyReply,
  statusCode: number,
  result: LinkResult,
  options: LinkResultPageOptions,
): FastifyReply {
  const sentence = SENTENCES[result.status === 'consented' ? 'consented' : result.code] ?? (SENTENCES.webex_link_failed as string);
  const code = result.status === 'failed' ? result.code : undefined;
  const page = {
    language: 'en',
    testId: 'webex-link-result',
    status: result.status,
    code,
    sentence,
    message: { type: 'webex-link', ...result },
  };
  return sendDialogResultPage(reply, statusCode, page, options);
}
