/**
 * The page a user's own calendar authorization (individual mode) ends on, in the Office dialog the
 * add-in opened. It says in a sentence whether the calendar is connected and tells the add-in
 * through Office.context.ui.messageParent: `{"type":"microsoft-link","status":"linked"|"failed","code"?}`.
 * Nothing Microsoft or the user sent is written into the page. The frame is dialog-result-page.ts's.
 */
import type { FastifyReply } from 'fastify';
import type { AdminLanguage } from '../admin/admin-page';
import { sendDialogResultPage, type DialogPageOptions } from './dialog-result-page';

export interface AuthorizationResult {
  status: 'linked' | 'failed';
  code?: string;
}

export interface AuthorizationResultPageOptions extends DialogPageOptions {
  language: AdminLanguage;
}

const SENTENCES: Record<AdminLanguage, Record<string, string>> = {
  en: {
    linked: 'Your Outlook calendar is connected: later changes of your meetings will reach Webex. You can close this window.',
    authorization_flow_invalid: 'This link has expired or was already used. Start again from the add-in.',
    authorization_declined: 'Access to your calendar was not granted. Start again from the add-in if you change your mind.',
    authorization_account_mismatch:
      'You signed in with another account than the one using the add-in. Start again and choose the same account.',
    microsoft_unavailable: 'Microsoft 365 cannot be reached right now. Try again in a few minutes.',
    sign_in_failed: 'The sign-in could not be completed. Start again from the add-in.',
  },
  ru: {
    linked: 'Ваш календарь Outlook подключён: дальнейшие изменения встреч будут передаваться в Webex. Это окно можно закрыть.',
    authorization_flow_invalid: 'Срок действия ссылки истёк, или она уже использована. Начните заново из надстройки.',
    authorization_declined: 'Доступ к календарю не предоставлен. Если передумаете, начните заново из надстройки.',
    authorization_account_mismatch:
      'Вы вошли под другой учётной записью, чем та, что работает в надстройке. Начните заново и выберите ту же учётную запись.',
    microsoft_unavailable: 'Microsoft 365 сейчас недоступен. Повторите попытку через несколько минут.',
    sign_in_failed: 'Не удалось завершить вход. Начните заново из надстройки.',
  },
};

export function sendAuthorizationResultPage(
  reply: FastifyReply,
  statusCode: number,
  result: AuthorizationResult,
  options: AuthorizationResultPageOptions,
): FastifyReply {
  const sentences = SENTENCES[options.language];
  const sentence =
    sentences[result.status === 'linked' ? 'linked' : (result.code ?? 'sign_in_failed')] ?? (sentences.sign_in_failed as string);
  const page = {
    language: options.language,
    testId: 'microsoft-link-result',
    status: result.status,
    code: result.code,
    sentence,
    message: { type: 'microsoft-link', ...result },
  };
  return sendDialogResultPage(reply, statusCode, page, options);
}
