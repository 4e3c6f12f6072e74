/**
 * The configuration page Teams shows when someone adds Webex Calling to a chat or a channel
 * (teams-config.html, the manifest's configurableTabs): the tab it adds is the Call tab beside
 * this page, which finds its backend in its build (config/teams-tab-config.ts), not in its URL.
 */
import { offerTabConfiguration } from '../host/teams-js-config';

const contentUrl = new URL('./teams-tab.html', window.location.href);

offerTabConfiguration({ entityId: 'webex-call', contentUrl: contentUrl.toString(), suggestedDisplayName: 'Webex Calling' }).catch(() => {
  const status = document.getElementById('status');
  if (status) status.textContent = 'Open this page from Microsoft Teams, when adding the Webex Calling tab.';
});
