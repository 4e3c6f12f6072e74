/** Flow dependencies over the fake Outlook (office-addin-mock) and the fake backend. */
import type { FlowDeps, JoinBlockOps } from '../../../src/addin/flows/flow-deps';
import { localJoinBlockOps } from '../../../src/addin/flows/local-join-block-ops';
import { createAppointmentItem } from '../../../src/addin/office/appointment-item';
import { loadCustomProperties } from '../../../src/addin/office/custom-properties';
import { fakeApi, type FakeApi } from './fake-api';
import { fakeOutlook, type FakeOutlook, type FakeOutlookState } from './fake-outlook';

export interface Harness {
  outlook: FakeOutlook;
  api: FakeApi;
  deps: FlowDeps;
  uninstall: () => void;
}

export const NOW = new Date('2030-01-01T00:00:00Z');

/** `joinBlocks`: the pane's own by default; the launch event's asks the (fake) backend. */
export function harness(
  state: Partial<FakeOutlookState> = {},
  api: FakeApi = fakeApi(),
  joinBlocks: (api: FakeApi) => JoinBlockOps = () => localJoinBlockOps,
): Harness {
  const outlook = fakeOutlook(state);
  const uninstall = outlook.install();
  const deps: FlowDeps = {
    item: createAppointmentItem(),
    loadCustomProperties: () => loadCustomProperties(),
    api,
    joinBlocks: joinBlocks(api),
    locale: outlook.state.displayLanguage,
    timeZone: outlook.state.timeZone,
    userEmail: 'alex.wilber@contoso.example',
    now: () => NOW,
  };
  return { outlook, api, deps, uninstall };
}
