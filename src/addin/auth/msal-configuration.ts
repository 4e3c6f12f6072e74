/**
 * MSAL's configuration for the add-in, from the deployment's settings. The cache is in
 * localStorage so that a sign-in done in the fallback dialog also serves the pane (same origin)
 * where the browser shares storage between them.
 */
import type { Configuration } from '@azure/msal-browser';
import type { AddinConfig } from '../config/addin-config';

export function msalConfiguration(config: AddinConfig, redirectUri?: string): Configuration {
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: config.knownAuthorities,
      ...(redirectUri ? { redirectUri } : {}),
    },
    cache: { cacheLocation: 'localStorage' },
    // Office dialogs are top-level windows in Outlook, but hosts that stand in for Outlook may frame them.
    system: { allowRedirectInIframe: true },
  };
}
