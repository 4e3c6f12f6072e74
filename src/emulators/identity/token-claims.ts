/**
 * The claims of the tokens Microsoft issues, built from who asked for what (pure).
 *
 * - APIs registered here get v2.0 access tokens (unless their accessTokenVersion is 1): aud is the
 *   API's client id, iss `<base>/<tid>/v2.0`, azp/azpacr name the caller.
 * - Microsoft Graph gets v1.0 access tokens like the real ones: aud `https://graph.microsoft.com`,
 *   appid/appidacr, upn/unique_name. Microsoft's issuer for them is `https://sts.windows.net/<tid>/`;
 *   here it is `<base>/<tid>/` (the emulator's own host, same key and JWKS), so the Graph emulator
 *   can verify them against this emulator's JWKS.
 * - App-only tokens carry `roles` (only when some were granted, as Microsoft omits an empty claim)
 *   and `idtyp: "app"`; their oid/sub are the app's service principal in the tenant.
 * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 */
import { createHash, randomBytes } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { DirectoryTenant, DirectoryUser } from '../shared/directory';
import type { ApplicationRegistration } from './application-registration';
import { derivedGuid, servicePrincipalId } from './identity-state';
import type { ResourceRef } from './scope-request';

/** How the client authenticated: 0 public, 1 secret, 2 certificate (appidacr / azpacr). */
export type ClientAcr = '0' | '1' | '2';

/** Entra role template ids: Global Administrator and the default User role. */
const GLOBAL_ADMIN_ROLE = '62e90394-69f5-4237-9190-012177145e10';
const USER_ROLE = 'b79fbf4d-3ef9-4689-8143-76b194e85509';

const opaque = (bytes: number) => randomBytes(bytes).toString('base64url');

export function issuer(baseUrl: string, tenantId: string, version: 1 | 2): string {
  return version === 2 ? `${baseUrl}/${tenantId}/v2.0` : `${baseUrl}/${tenantId}/`;
}

/** `sub` is pairwise: the same user has a different sub for each app. */
export function pairwiseSubject(objectId: string, appId: string): string {
  return createHash('sha256').update(`${objectId}|${appId}`).digest('base64url').slice(0, 43);
}

/** The `client_info` MSAL asks for with client_info=1: base64url JSON {uid, utid}. */
export function clientInfo(user: DirectoryUser, tenant: DirectoryTenant): string {
  return Buffer.from(JSON.stringify({ uid: user.id, utid: tenant.id })).toString('base64url');
}

function audience(resource: ResourceRef): string {
  if (resource.kind === 'graph') return 'https://graph.microsoft.com';
  if (resource.tokenVersion === 2) return resource.appId;
  return resource.identifier;
}

function times(now: number, lifetime: number) {
  return { iat: now, nbf: now, exp: now + lifetime };
}

export interface DelegatedTokenInput {
  baseUrl: string;
  tenant: DirectoryTenant;
  user: DirectoryUser;
  client: ApplicationRegistration;
  clientAcr: ClientAcr;
  resource: ResourceRef;
  scopes: string[];
  now: number;
  lifetime: number;
  sessionId?: string;
}

export function delegatedAccessTokenClaims(i: DelegatedTokenInput): JWTPayload {
  const common = {
    aud: audience(i.resource),
    ...times(i.now, i.lifetime),
    aio: opaque(48),
    name: i.user.displayName,
    oid: i.user.id,
    rh: `1.${opaque(32)}.`,
    scp: i.scopes.join(' '),
    sub: pairwiseSubject(i.user.id, i.resource.appId),
    tid: i.tenant.id,
    uti: opaque(16),
    ...(i.sessionId ? { sid: derivedGuid('sid', i.sessionId) } : {}),
  };
  if (i.resource.tokenVersion === 2) {
    return {
      ...common,
      iss: issuer(i.baseUrl, i.tenant.id, 2),
      azp: i.client.clientId,
      azpacr: i.clientAcr,
      preferred_username: i.user.userPrincipalName,
      ver: '2.0',
    };
  }
  return {
    ...common,
    iss: issuer(i.baseUrl, i.tenant.id, 1),
    acct: 0,
    acr: '1',
    amr: ['pwd'],
    app_displayname: i.client.displayName,
    appid: i.client.clientId,
    appidacr: i.clientAcr,
    family_name: i.user.surname,
    given_name: i.user.givenName,
    idtyp: 'user',
    ipaddr: '127.0.0.1',
    platf: '3',
    tenant_region_scope: 'NA',
    unique_name: i.user.userPrincipalName,
    upn: i.user.userPrincipalName,
    ver: '1.0',
    wids: i.user.isTenantAdmin ? [GLOBAL_ADMIN_ROLE, USER_ROLE] : [USER_ROLE],
  };
}

export interface AppTokenInput {
  baseUrl: string;
  tenantId: string;
  client: ApplicationRegistration;
  clientAcr: ClientAcr;
  resource: ResourceRef;
  roles: string[];
  now: number;
  lifetime: number;
}

export function appAccessTokenClaims(i: AppTokenInput): JWTPayload {
  const spId = servicePrincipalId(i.tenantId, i.client.clientId);
  const common = {
    aud: audience(i.resource),
    ...times(i.now, i.lifetime),
    aio: opaque(48),
    idtyp: 'app',
    oid: spId,
    rh: `1.${opaque(32)}.`,
    ...(i.roles.length ? { roles: i.roles } : {}),
    sub: spId,
    tid: i.tenantId,
    uti: opaque(16),
  };
  if (i.resource.tokenVersion === 2) {
    return { ...common, iss: issuer(i.baseUrl, i.tenantId, 2), azp: i.client.clientId, azpacr: i.clientAcr, ver: '2.0' };
  }
  return {
    ...common,
    iss: issuer(i.baseUrl, i.tenantId, 1),
    app_displayname: i.client.displayName,
    appid: i.client.clientId,
    appidacr: i.clientAcr,
    idp: issuer(i.baseUrl, i.tenantId, 1),
    tenant_region_scope: 'NA',
    ver: '1.0',
  };
}

export interface IdTokenInput {
  baseUrl: string;
  tenant: DirectoryTenant;
  user: DirectoryUser;
  client: ApplicationRegistration;
  now: number;
  lifetime: number;
  nonce?: string;
  sessionId?: string;
  email: boolean;
}

export function idTokenClaims(i: IdTokenInput): JWTPayload {
  return {
    aud: i.client.clientId,
    iss: issuer(i.baseUrl, i.tenant.id, 2),
    ...times(i.now, i.lifetime),
    ...(i.nonce !== undefined ? { nonce: i.nonce } : {}),
    ...(i.email && i.user.mail ? { email: i.user.mail } : {}),
    name: i.user.displayName,
    oid: i.user.id,
    preferred_username: i.user.userPrincipalName,
    rh: `1.${opaque(32)}.`,
    ...(i.sessionId ? { sid: derivedGuid('sid', i.sessionId) } : {}),
    sub: pairwiseSubject(i.user.id, i.client.clientId),
    tid: i.tenant.id,
    uti: opaque(16),
    ver: '2.0',
  };
}
