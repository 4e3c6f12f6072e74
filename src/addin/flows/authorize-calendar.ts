/**
 * Letting the backend follow the user's calendar (individual mode), so that edits made anywhere —
 * a phone, another Outlook — reach the Webex meeting. POST /api/microsoft/link first tries
 * on-behalf-of with the user's token: when Microsoft already has their consent the calendar is
 * followed at once. Otherwise it answers a one-time URL on the backend's /auth/ pages; opened in an
 * Office dialog (dialog-forward.ts), it asks the user's consent and ends on a page that reports
 * through messageParent: { type: 'microsoft-link', status: 'linked' | 'failed', code? }
 * (src/server/admin/authorization-result-page.ts).
 */
import type { ApiClient } from '../api/api-client';
import { isOfficeError } from '../office/office-error';
import { FlowError, type FlowErrorCode } from './flow-error';

export type CalendarAuthorizationStart = { status: 'linked' } | { status: 'consent_required'; url: string };

export interface AuthorizeCalendarDeps {
  api: Pick<ApiClient, 'startMicrosoftLink'>;
}

export interface ConsentDialogDeps {
  /** Opens the URL in a dialog and resolves with the first message the page sends. */
  openDialog(url: string): Promise<string>;
}

const KNOWN_FAILURES: readonly FlowErrorCode[] = [
  'authorization_declined',
  'authorization_flow_invalid',
  'authorization_account_mismatch',
  'microsoft_unavailable',
];

/** Asks the backend to follow the calendar; 'linked' also when no authorization of the user's is needed (admin mode). */
export async function startCalendarAuthorization(deps: AuthorizeCalendarDeps): Promise<CalendarAuthorizationStart> {
  const answer = await deps.api.startMicrosoftLink();
  if (answer.status === 'consent_required') {
    if (typeof answer.url !== 'string' || answer.url === '')
      throw new FlowError('calendar_authorization_failed', 'The backend gave no authorization page.');
    return { status: 'consent_required', url: answer.url };
  }
  return { status: 'linked' };
}

/** Opens the consent page in a dialog; resolves once the page reports the calendar is followed. */
export async function completeCalendarAuthorization(deps: ConsentDialogDeps, url: string): Promise<void> {
  let message: string;
  try {
    message = await deps.openDialog(url);
  } catch (thrown) {
    if (isOfficeError(thrown, 'DialogClosed'))
      throw new FlowError('calendar_authorization_cancelled', 'The authorization window was closed before Microsoft answered.');
    throw thrown;
  }
  let result: { type?: unknown; status?: unknown; code?: unknown } | null;
  try {
    result = JSON.parse(message) as typeof result;
  } catch {
    throw new FlowError('calendar_authorization_failed', 'The authorization window answered something unexpected.');
  }
  if (result?.type === 'microsoft-link' && result.status === 'linked') return;
  const code =
    (result?.type === 'microsoft-link' ? KNOWN_FAILURES.find((c) => c === result?.code) : undefined) ?? 'calendar_authorization_failed';
  throw new FlowError(code, 'Microsoft did not confirm the authorization.');
}
