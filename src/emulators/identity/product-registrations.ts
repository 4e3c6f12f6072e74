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
 *   password grant;
 * - stand-ins for Office's first-party clients, which the backend pre-authorizes for
 *   `access_as_user`, as Microsoft's guide to registering an add-in for Office's single sign-on
 *   asks: Office gets the launch-event handlers a token for the manifest's WebApplicationInfo
 *   resource with no prompt (src/addin/office/office-sso.ts). The Outlook dev host gets that token
 *   for its signed-in user with the password grant and Office's client id, as Office would get it
 *   (src/emulators/outlook/office-sso.ts).
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

/** Office's client application ids that Office's single sign-on asks tokens as (Microsoft's SSO registration guide). */
export const OFFICE_CLIENT_IDS = {
  /** All Microsoft Office application endpoints. */
  allOffice: 'ea5a67f6-b6f3-4338-b240-c655ddc3cc8e',
  /** Microsoft Office (the desktop clients). */
  office: 'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  officeOnTheWeb: '93d53678-613d-4013-afc1-62e9e444a0a5',
  outlookOnTheWeb: 'bc59ab01-8403-45c6-8796-ac3ef710b3e3',
} as const;

/** Microsoft's own tenant, home of the first-party clients. */
const MICROSOFT_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

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
      preAuthorizedApplications: [ids.addinClientId, ...Object.values(OFFICE_CLIENT_IDS)].map((appId) => ({
        appId,
        scopes: ['access_as_user'],
      })),
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
      redirectUris: {
        spa: ids.addinRedirectUris ?? [`${addin}/taskpane.html`, `${addin}/auth-dialog.html`, `brk-multihub://${new URL(addin).host}`],
      },
      allowPublicClient: true,
      requiredResourceAccess: [{ resource: apiUri, delegated: ['access_as_user'] }],
    },
    { clientId: OFFICE_CLIENT_IDS.office, displayName: 'Microsoft Office', homeTenantId: MICROSOFT_TENANT_ID, allowPublicClient: true },
    {
      clientId: OFFICE_CLIENT_IDS.officeOnTheWeb,
      displayName: 'Office on the web',
      homeTenantId: MICROSOFT_TENANT_ID,
      allowPublicClient: true,
    },
    {
      clientId: OFFICE_CLIENT_IDS.outlookOnTheWeb,
      displayName: 'Outlook on the web',
      homeTenantId: MICROSOFT_TENANT_ID,
      allowPublicClient: true,
    },
  ];
}
