/** The flows' dependencies as the add-in's surfaces use them in Outlook. */
import type { ApiClient } from '../api/api-client';
import { createAppointmentItem } from '../office/appointment-item';
import { loadCustomProperties } from '../office/custom-properties';
import { displayLanguage, userEmail, userTimeZone } from '../office/office-context';
import type { FlowDeps } from './flow-deps';

export function outlookFlowDeps(api: ApiClient, joinLinkHosts: readonly string[]): FlowDeps {
  return {
    item: createAppointmentItem(),
    loadCustomProperties: () => loadCustomProperties(),
    api,
    locale: displayLanguage(),
    timeZone: userTimeZone(),
    userEmail: userEmail(),
    joinLinkHosts,
  };
}
