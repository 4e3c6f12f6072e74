/**
 * Linking the user's Webex account: the backend gives a one-time URL, the add-in opens it in an
 * Office dialog, the user signs in to Webex, and the backend's result page reports through
 * messageParent: { type: 'webex-link', status: 'consented', completion } or
 * { type: 'webex-link', status: 'failed', code }. The link is made only when this add-in sends the
 * completion code back with the user's own bearer token (POST /api/webex/link/complete): a Webex
 * consent given in someone else's browser, from a forwarded start URL, links nobody.
 */
import type { ApiClient } from '../api/api-client';
import type { WebexAccount } from '../api/api-types';
import { isOfficeError } from '../office/office-error';
import { FlowError, type FlowErrorCode } from './flow-error';

export interface LinkWebexDeps {
  api: Pick<ApiClient, 'startWebexLink' | 'completeWebexLink'>;
  /** Opens the URL in a dialog and resolves with the first message the backend's page sends. */
  openDialog(url: string): Promise<string>;
}

const KNOWN_FAILURES: readonly FlowErrorCode[] = [
  'webex_access_denied',
  'webex_link_state_invalid',
  'webex_unavailable',
  'webex_link_failed',
];

/** Resolves to the linked account once the backend has saved the link. */
export async function linkWebex(deps: LinkWebexDeps): Promise<WebexAccount> {
  const { url } = await deps.api.startWebexLink();
  let message: string;
  try {
    message = await deps.openDialog(url);
  } catch (thrown) {
    if (isOfficeError(thrown, 'DialogClosed'))
      throw new FlowError('webex_link_cancelled', 'The Webex window was closed before Webex answered.');
    throw thrown;
  }
  let result: { type?: unknown; status?: unknown; code?: unknown; completion?: unknown } | null;
  try {
    result = JSON.parse(message) as typeof result;
  } catch {
    throw new FlowError('webex_link_failed', 'The Webex window answered something unexpected.');
  }
  if (result?.type === 'webex-link' && result.status === 'consented' && typeof result.completion === 'string') {
    return deps.api.completeWebexLink(result.completion);
  }
  const code = (result?.type === 'webex-link' ? KNOWN_FAILURES.find((c) => c === result?.code) : undefined) ?? 'webex_link_failed';
  throw new FlowError(code, 'Webex did not confirm the link.');
}
