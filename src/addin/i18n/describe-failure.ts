/**
 * Which sentence a failure gets: the key of its code under "errors", whatever raised it (the
 * backend's ApiError, a FlowError, an AuthError, an OfficeError), among the codes a set of
 * messages has sentences for (`known`): the task pane's whole set (error-message-key.ts), or the
 * info bar's (failure-sentence.ts), which launchevent.js carries without the pane's strings.
 * Unknown codes get "unknown"; an Outlook failure gets "office_error": users need a way forward,
 * not Office's internal names.
 */

export interface DescribedError {
  /** Key under "errors". */
  key: string;
  code: string;
  values: Record<string, string | number>;
}

/** The backend's refusals of the add-in's token: signing in again is the way forward. */
export const TOKEN_REFUSALS = [
  'token_missing',
  'token_invalid',
  'token_expired',
  'token_not_yet_valid',
  'token_audience',
  'token_issuer',
  'token_scope',
];

export function describeFailure(thrown: unknown, known: (code: string) => boolean): DescribedError {
  const e = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as {
    code?: unknown;
    name?: unknown;
    retryAfterSeconds?: unknown;
    user?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : 'unknown';
  if (e.name === 'OfficeError') return { key: 'office_error', code, values: {} };
  if (code === 'webex_unavailable' && typeof e.retryAfterSeconds === 'number' && e.retryAfterSeconds > 0) {
    return { key: 'webex_unavailable_wait', code, values: { seconds: e.retryAfterSeconds } };
  }
  // Signed in as someone else than Office's user: the sentence names whom to sign in as.
  if (code === 'sign_in_wrong_account' && typeof e.user === 'string' && e.user !== '') return { key: code, code, values: { user: e.user } };
  if (code === 'sign_in_wrong_account') return { key: 'sign_in_failed', code, values: {} };
  if (TOKEN_REFUSALS.includes(code)) return { key: 'token_expired', code, values: {} };
  if (known(code)) return { key: code, code, values: {} };
  return { key: 'unknown', code, values: {} };
}
