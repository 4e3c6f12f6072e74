/**
 * Who may get which permissions: delegated scopes are granted by tenant-wide admin consent, by the
 * user's own consent, or by the resource pre-authorizing the client; application permissions only
 * by admin consent. OpenID Connect scopes are always granted (the emulator does not model consent
 * to sign-in itself). Pure functions over IdentityState.
 * https://learn.microsoft.com/entra/identity-platform/permissions-consent-overview
 */
import type { ApplicationRegistration } from './application-registration';
import { graphPermission } from './graph-permissions';
import type { IdentityState } from './identity-state';
import { canonicalPermission, type ResourceRef, type ResourceScopes, type ScopeRequest } from './scope-request';

export interface DelegatedSubject {
  tenantId: string;
  userId: string;
  clientId: string;
}

/** Delegated permissions on `resource` already granted to the client for this user. */
export function grantedDelegated(state: IdentityState, subject: DelegatedSubject, resource: ResourceRef): Set<string> {
  const granted = new Set<string>();
  const admin = state.adminConsent(subject.tenantId, subject.clientId);
  for (const s of admin?.delegated[resource.appId] ?? []) granted.add(s);
  for (const s of state.userConsent(subject.tenantId, subject.userId, subject.clientId, resource.appId)?.scopes ?? []) granted.add(s);
  for (const p of resource.app?.preAuthorizedApplications ?? []) {
    if (p.appId !== subject.clientId.toLowerCase()) continue;
    for (const s of p.scopes) {
      const name = canonicalPermission(resource, s, 'delegated');
      if (name) granted.add(name);
    }
  }
  // An app calling its own API needs no consent to it.
  if (resource.kind === 'app' && resource.appId === subject.clientId.toLowerCase())
    for (const s of resource.app?.scopes ?? []) granted.add(s);
  return granted;
}

/** Delegated permissions the client's registration asks of `resource` (what `.default` consents to). */
export function requiredDelegated(state: IdentityState, client: ApplicationRegistration, resource: ResourceRef): string[] {
  const names: string[] = [];
  for (const rra of client.requiredResourceAccess) {
    if (state.resolveResource(rra.resource)?.appId !== resource.appId) continue;
    for (const p of rra.delegated) {
      const name = canonicalPermission(resource, p, 'delegated');
      if (name && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

export interface DelegatedDecision {
  /** Permissions to put in the token's scp. */
  scopes: string[];
  /** Permissions asked for that nobody has consented to. */
  missing: string[];
}

/** Decides the scp of a delegated token for `asked`; `missing` non-empty means consent is required. */
export function decideDelegated(
  state: IdentityState,
  subject: DelegatedSubject,
  client: ApplicationRegistration,
  asked: ResourceScopes,
): DelegatedDecision {
  const granted = grantedDelegated(state, subject, asked.resource);
  if (asked.isDefault) {
    if (granted.size > 0) return { scopes: [...granted], missing: [] };
    const required = requiredDelegated(state, client, asked.resource);
    return { scopes: [], missing: required.length ? required : ['.default'] };
  }
  return { scopes: asked.permissions.filter((p) => granted.has(p)), missing: asked.permissions.filter((p) => !granted.has(p)) };
}

/** Whether a delegated permission needs an administrator's consent. */
export function needsAdmin(resource: ResourceRef, permission: string): boolean {
  return resource.kind === 'graph' && graphPermission(permission)?.delegated === 'admin';
}

/** A resource's API is usable in a tenant once it has a service principal there (Graph always has). */
export function resourcePresent(state: IdentityState, tenantId: string, resource: ResourceRef): boolean {
  return resource.kind === 'graph' || state.hasServicePrincipal(tenantId, resource.appId);
}

export interface ConsentItem {
  /** The app the consent is recorded for: the client, or an API for combined consent. */
  clientId: string;
  resource: ResourceRef;
  permissions: string[];
}

/**
 * What a user consenting to this request grants: the permissions asked of every resource named
 * (`.default` meaning what the client's registration requires), plus, for APIs that list the client
 * among their knownClientApplications, the permissions those APIs require (combined consent),
 * recorded for the API itself so that it can call on-behalf-of the user later.
 */
export function consentItems(state: IdentityState, client: ApplicationRegistration, request: ScopeRequest): ConsentItem[] {
  const items = new Map<string, ConsentItem>();
  const add = (clientId: string, resource: ResourceRef, permissions: string[]) => {
    const key = `${clientId}>${resource.appId}`;
    const item = items.get(key) ?? { clientId, resource, permissions: [] };
    for (const p of permissions) if (!item.permissions.includes(p)) item.permissions.push(p);
    items.set(key, item);
  };
  for (const asked of [request.primary, ...request.others]) {
    if (!asked) continue;
    add(client.clientId, asked.resource, asked.isDefault ? requiredDelegated(state, client, asked.resource) : asked.permissions);
    const api = asked.resource.app;
    if (!api || !api.knownClientApplications.includes(client.clientId)) continue;
    for (const rra of api.requiredResourceAccess) {
      const downstream = state.resolveResource(rra.resource);
      if (!downstream) continue;
      add(
        api.clientId,
        downstream,
        rra.delegated.map((p) => canonicalPermission(downstream, p, 'delegated')).filter((p): p is string => !!p),
      );
    }
  }
  return [...items.values()].filter((i) => i.permissions.length > 0);
}

/** Application permissions (roles) an app holds on `resource` in a tenant. */
export function grantedApplication(state: IdentityState, tenantId: string, clientId: string, resource: ResourceRef): string[] {
  return state.adminConsent(tenantId, clientId)?.application[resource.appId] ?? [];
}
