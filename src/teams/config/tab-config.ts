/**
 * The configuration page Teams shows when someone adds Webex Calling to a chat or a channel
 * (teams-config.html, the manifest's configurableTabs): the tab it adds is the Call tab, with the
 * same backend as this page's `api` parameter.
 */
import { offerTabConfiguration } from '../host/teams-js-config';

const contentUrl = new URL('./teams-tab.html', window.location.href);
const api = new URLSearchParams(window.location.search).get('api');
if (api) contentUrl.searchParams.set('api', api);

offerTabConfiguration({ entityId: 'webex-call', contentUrl: contentUrl.toString(), suggestedDisplayName: 'Webex Calling' }).catch(() => {
  const status = document.getElementById('status');
  if (status) status.textContent = 'Open this page from Microsoft Teams, when adding the Webex Calling tab.';
});
