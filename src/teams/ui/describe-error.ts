/** A failure as a sentence for the user, in their language; the code is shown only when nothing better is known. */
import type { TFunction } from 'i18next';
import { TeamsApiError } from '../api/teams-api';
import { HostError } from '../host/teams-host';

export function describeError(t: TFunction, e: unknown): string {
  if (e instanceof HostError) {
    if (e.code === 'not_in_host') return t('error.notInHost');
    if (e.code === 'authentication_cancelled') return t('auth.cancelled');
    if (e.code === 'authentication_failed') return t('auth.failed', { reason: e.reason ?? e.code });
    return t('error.generic', { code: e.code });
  }
  if (e instanceof TeamsApiError) {
    if (e.code === 'graph_unavailable' || e.code === 'rate_limited') return t('error.unavailable');
    if (e.code === 'network_error') return t('error.network');
    if (e.code === 'not_a_member') return t('error.notAMember');
    if (e.code === 'speed_dials_full') return t('speedDials.tooBig');
    return t('error.generic', { code: e.code });
  }
  return t('error.generic', { code: e instanceof Error ? e.name : 'unknown' });
}
