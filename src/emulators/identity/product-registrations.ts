/**
 * The application registrations a deployment of the product makes in Entra, as seed data for the
 * local stack (the launcher passes the ids; emulators do not read the product's config):
 *
 * - the backend: a confidential, multi-tenant web app exposing `access_as_user`, pre-authorizing
 *   the add-in and knowing it as a client (combined consent), asking Graph for the scheduler's
 *   delegated permissions (individual mode) and application permissions (admin mode),
 *   docs/architecture.md#parts-and-permissions;
 * - the add-in: a single-page app (task pane, dialog, and the `brk-multihub://` redirect URI that
 *   nested app authentication uses), with public client flows allowed so scripts can use the
 *   password grant.
 */
import type { ApplicationRegistrationInput } from './application-registration';

export interface ProductRegistrationIds {
  tenantId: string;
  backendClientId: string;
  backendClientSecret: string;
  addinClientId: string;
  /** e.g. https://localhost:3000 */
  addinBaseUrl: string;
  /** e.g. http://localhost:3001 */
  backendBaseUrl: string;
  /** PEM certificates the backend may sign client assertions with. */
  backendCertificates?: string[];
  /** Default: <backend>/auth/callback and <backend>/admin/consent/callback. */
  backendRedirectUris?: string[];
  /** Default: <add-in>/taskpane.html, <add-in>/auth-dialog.html, brk-multihub://<add-in host>. */
  addinRedirectUris?: string[];
}

export function productRegistrations(ids: ProductRegistrationIds): ApplicationRegistrationInput[] {
  const addin = ids.addinBaseUrl.replace(/\/+$/, '');
  const backend = ids.backendBaseUrl.replace(/\/+$/, '');
  const apiUri = `api://${new URL(addin).host}/${ids.backendClientId}`;
  return [
    {
      clientId: ids.backendClientId,
      displayName: 'Webex Scheduler for Outlook',
      homeTenantId: ids.tenantId,
      signInAudience: 'AzureADMultipleOrgs',
      clientSecrets: [ids.backendClientSecret],
      certificates: ids.backendCertificates ?? [],
      redirectUris: { web: ids.backendRedirectUris ?? [`${backend}/auth/callback`, `${backend}/admin/consent/callback`] },
      identifierUris: [apiUri],
      scopes: ['access_as_user'],
      knownClientApplications: [ids.addinClientId],
      preAuthorizedApplications: [{ appId: ids.addinClientId, scopes: ['access_as_user'] }],
      requiredResourceAccess: [
        {
          resource: 'https://graph.microsoft.com',
          // The sharing permission and basic profiles: a delegate's right is checked with their own token.
          delegated: ['User.Read', 'Calendars.ReadWrite', 'Calendars.ReadWrite.Shared', 'User.ReadBasic.All'],
          application: ['Calendars.ReadWrite', 'Directory.Read.All', 'User.Read.All'],
        },
      ],
    },
    {
      clientId: ids.addinClientId,
      displayName: 'Webex Scheduler for Outlook (add-in)',
      homeTenantId: ids.tenantId,
      signInAudience: 'AzureADMultipleOrgs',
      redirectUris: { spa: ids.addinRedirectUris ?? [`${addin}/taskpane.html`, `${addin}/auth-dialog.html`, `brk-multihub://${new URL(addin).host}`] },
      allowPublicClient: true,
      requiredResourceAccess: [{ resource: apiUri, delegated: ['access_as_user'] }],
    },
  ];
}
