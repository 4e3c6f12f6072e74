/**
 * Which host the tab runs in: the dev host when its frame publishes the stand-in, Teams when
 * teams-js initializes, neither when the page was opened by itself (HostError not_in_host).
 */
import { createDevHostBridge, createDevHostPopupBridge, findDevHost, findDevHostOpener } from './dev-host-bridge';
import { createTeamsJsHost, createTeamsJsPopupHost, initializeTeamsJs } from './teams-js-host';
import type { AuthPopupHost, TeamsHost } from './teams-host';

export async function detectHost(): Promise<TeamsHost> {
  const devHost = findDevHost();
  if (devHost) return createDevHostBridge(devHost);
  await initializeTeamsJs();
  return createTeamsJsHost();
}

/** For the authorization popup's last page. */
export async function detectPopupHost(): Promise<AuthPopupHost> {
  const devHost = findDevHostOpener();
  if (devHost) return createDevHostPopupBridge(devHost);
  await initializeTeamsJs();
  return createTeamsJsPopupHost();
}
