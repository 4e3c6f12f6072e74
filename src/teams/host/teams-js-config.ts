/**
 * The configuration page of the chat and channel tab, through teams-js (with teams-js-host.ts, the
 * only code that calls it): nothing to choose, so the page says it is valid at once and, on
 * "Save", tells Teams which page the tab shows.
 */
import { pages } from '@microsoft/teams-js';
import { initializeTeamsJs } from './teams-js-host';

export interface TabConfiguration {
  entityId: string;
  contentUrl: string;
  suggestedDisplayName: string;
}

export async function offerTabConfiguration(configuration: TabConfiguration): Promise<void> {
  await initializeTeamsJs();
  pages.config.registerOnSaveHandler((saveEvent) => {
    pages.config.setConfig({ ...configuration, websiteUrl: configuration.contentUrl }).then(
      () => saveEvent.notifySuccess(),
      (e: unknown) => saveEvent.notifyFailure(e instanceof Error ? e.message : String(e)),
    );
  });
  pages.config.setValidityState(true);
}
