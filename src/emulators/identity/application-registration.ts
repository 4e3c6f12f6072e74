/**
 * An Entra application registration as far as the token service cares: credentials, redirect
 * URIs by platform, the API it exposes and the permissions it asks for. Seeded through the
 * emulator's options or POST /_emulator/apps; input is validated and filled with defaults here.
 */
import { X509Certificate } from 'node:crypto';

export interface RequiredResourceAccess {
  /** 'https://graph.microsoft.com', or a registered resource app's client id or identifier URI. */
  resource: string;
  /** Delegated permissions (scopes) asked for. */
  delegated: string[];
  /** Application permissions (app roles) asked for. */
  application: string[];
}

export interface PreAuthorizedApplication {
  appId: string;
  /** Scopes of this API the client may request without a consent prompt. */
  scopes: string[];
}

export interface RedirectUris {
  web: string[];
  spa: string[];
  publicClient: string[];
}

export type SignInAudience = 'AzureADMyOrg' | 'AzureADMultipleOrgs';

export interface ApplicationRegistration {
  clientId: string;
  displayName: string;
  homeTenantId: string;
  signInAudience: SignInAudience;
  clientSecrets: string[];
  /** PEM certificates whose keys may sign client assertions. */
  certificates: string[];
  redirectUris: RedirectUris;
  /** "Allow public client flows": password grant and refresh without a client credential. */
  allowPublicClient: boolean;
  /** App ID URIs, e.g. api://localhost:3000/<clientId>. */
  identifierUris: string[];
  /** Delegated scopes the API exposes (oauth2PermissionScopes), e.g. access_as_user. */
  scopes: string[];
  /** Application permissions the API exposes (appRoles). */
  appRoles: string[];
  /** Clients whose consent also covers this API (combined consent). */
  knownClientApplications: string[];
  preAuthorizedApplications: PreAuthorizedApplication[];
  requiredResourceAccess: RequiredResourceAccess[];
  /** Version of access tokens issued for this API (api.requestedAccessTokenVersion). */
  accessTokenVersion: 1 | 2;
}

export type ApplicationRegistrationInput = Partial<Omit<ApplicationRegistration, 'redirectUris' | 'requiredResourceAccess'>> & {
  clientId: string;
  homeTenantId: string;
  redirectUris?: Partial<RedirectUris>;
  requiredResourceAccess?: Array<Partial<RequiredResourceAccess> & { resource: string }>;
  /** Alias of allowPublicClient. */
  isPublicClient?: boolean;
};

export class ApplicationRegistrationError extends Error {
  readonly code = 'invalid_application';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function strings(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
    throw new ApplicationRegistrationError(`${field} must be an array of strings`);
  }
  return v as string[];
}

function absoluteUris(v: unknown, field: string): string[] {
  const list = strings(v, field);
  for (const u of list) {
    try {
      new URL(u);
    } catch {
      throw new ApplicationRegistrationError(`${field} holds "${u}", which is not an absolute URI`);
    }
  }
  return list;
}

/** Validates an application registration and fills in defaults; throws ApplicationRegistrationError. */
export function normalizeApplication(input: unknown): ApplicationRegistration {
  if (typeof input !== 'object' || input === null) throw new ApplicationRegistrationError('an application must be a JSON object');
  const a = input as Record<string, unknown>;
  const clientId = a.clientId;
  if (typeof clientId !== 'string' || !GUID.test(clientId)) throw new ApplicationRegistrationError('clientId must be a GUID');
  const homeTenantId = a.homeTenantId;
  if (typeof homeTenantId !== 'string' || !GUID.test(homeTenantId)) throw new ApplicationRegistrationError('homeTenantId must be a GUID');
  const signInAudience = a.signInAudience ?? 'AzureADMultipleOrgs';
  if (signInAudience !== 'AzureADMyOrg' && signInAudience !== 'AzureADMultipleOrgs') {
    throw new ApplicationRegistrationError('signInAudience must be AzureADMyOrg or AzureADMultipleOrgs');
  }
  const certificates = strings(a.certificates, 'certificates');
  for (const pem of certificates) {
    try {
      new X509Certificate(pem);
    } catch {
      throw new ApplicationRegistrationError('certificates must hold PEM certificates');
    }
  }
  const redirect = (a.redirectUris ?? {}) as Record<string, unknown>;
  if (typeof redirect !== 'object') throw new ApplicationRegistrationError('redirectUris must be an object {web, spa, publicClient}');
  const required = a.requiredResourceAccess ?? [];
  if (!Array.isArray(required)) throw new ApplicationRegistrationError('requiredResourceAccess must be an array');
  const preAuthorized = a.preAuthorizedApplications ?? [];
  if (!Array.isArray(preAuthorized)) throw new ApplicationRegistrationError('preAuthorizedApplications must be an array');
  const version = a.accessTokenVersion ?? 2;
  if (version !== 1 && version !== 2) throw new ApplicationRegistrationError('accessTokenVersion must be 1 or 2');

  return {
    clientId: clientId.toLowerCase(),
    displayName: typeof a.displayName === 'string' ? a.displayName : clientId,
    homeTenantId: homeTenantId.toLowerCase(),
    signInAudience,
    clientSecrets: strings(a.clientSecrets, 'clientSecrets'),
    certificates,
    redirectUris: {
      web: absoluteUris(redirect.web, 'redirectUris.web'),
      spa: absoluteUris(redirect.spa, 'redirectUris.spa'),
      publicClient: absoluteUris(redirect.publicClient, 'redirectUris.publicClient'),
    },
    allowPublicClient: a.allowPublicClient === true || a.isPublicClient === true,
    identifierUris: absoluteUris(a.identifierUris, 'identifierUris'),
    scopes: strings(a.scopes, 'scopes'),
    appRoles: strings(a.appRoles, 'appRoles'),
    knownClientApplications: strings(a.knownClientApplications, 'knownClientApplications').map((s) => s.toLowerCase()),
    preAuthorizedApplications: preAuthorized.map((p: unknown, i) => {
      const o = (p ?? {}) as Record<string, unknown>;
      if (typeof o.appId !== 'string') throw new ApplicationRegistrationError(`preAuthorizedApplications[${i}].appId must be a string`);
      return { appId: o.appId.toLowerCase(), scopes: strings(o.scopes, `preAuthorizedApplications[${i}].scopes`) };
    }),
    requiredResourceAccess: required.map((r: unknown, i) => {
      const o = (r ?? {}) as Record<string, unknown>;
      if (typeof o.resource !== 'string' || o.resource === '') {
        throw new ApplicationRegistrationError(`requiredResourceAccess[${i}].resource must be a string`);
      }
      return {
        resource: o.resource,
        delegated: strings(o.delegated, `requiredResourceAccess[${i}].delegated`),
        application: strings(o.application, `requiredResourceAccess[${i}].application`),
      };
    }),
    accessTokenVersion: version,
  };
}
