/** The flows' dependencies as the add-in's surfaces use them in Outlook. */
import type { ApiClient } from '../api/api-client';
import { createAppointmentItem } from '../office/appointment-item';
import { loadCustomProperties } from '../office/custom-properties';
import { displayLanguage, userEmail, userTimeZone } from '../office/office-context';
import type { FlowDeps, JoinBlockOps } from './flow-deps';

/** `joinBlocks`: the function command's own (local-join-block-ops.ts), the launch event's the backend's. */
export function outlookFlowDeps(api: ApiClient, joinLinkHosts: readonly string[], joinBlocks: JoinBlockOps): FlowDeps {
  return {
    joinBlocks,
    item: createAppointmentItem(),
    loadCustomProperties: () => loadCustomProperties(),
    api,
    locale: displayLanguage(),
    timeZone: userTimeZone(),
    userEmail: userEmail(),
    joinLinkHosts,
  };
}
