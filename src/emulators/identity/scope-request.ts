/**
 * Parses a v2.0 `scope` parameter into the resource it targets and the permissions asked of it,
 * the way the Microsoft identity platform reads it: `openid profile email offline_access` are
 * OpenID Connect scopes; `<resource>/<permission>` and `<resource>/.default` name a resource by
 * URI or client id; a bare `User.Read` means Microsoft Graph.
 * https://learn.microsoft.com/entra/identity-platform/scopes-oidc
 */
import { AadstsError } from './aadsts-error';
import type { ApplicationRegistration } from './application-registration';
import { GRAPH_APP_ID, GRAPH_DISPLAY_NAME, GRAPH_RESOURCE, graphPermission } from './graph-permissions';

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];

/** A resource (API) a token can be issued for. */
export interface ResourceRef {
  appId: string;
  /** How the request named it (used in the returned `scope`). */
  identifier: string;
  displayName: string;
  kind: 'graph' | 'app';
  app?: ApplicationRegistration;
  tokenVersion: 1 | 2;
}

export type ResourceResolver = (identifier: string) => ResourceRef | undefined;

export interface ResourceScopes {
  resource: ResourceRef;
  /** Canonical permission names asked of the resource (empty with .default). */
  permissions: string[];
  /** `<resource>/.default`: everything already granted (or required, for consent). */
  isDefault: boolean;
}

export interface ScopeRequest {
  oidc: Set<OidcScope>;
  /** The resource a token is issued for; absent for a sign-in with OpenID scopes only. */
  primary?: ResourceScopes;
  /** Other resources named (the authorize endpoint consents to them; tokens are for the primary). */
  others: ResourceScopes[];
}

export function graphResource(identifier = GRAPH_RESOURCE): ResourceRef {
  return { appId: GRAPH_APP_ID, identifier, displayName: GRAPH_DISPLAY_NAME, kind: 'graph', tokenVersion: 1 };
}

/** The canonical name of `permission` on `resource` (delegated or application), or undefined. */
export function canonicalPermission(resource: ResourceRef, permission: string, type: 'delegated' | 'application'): string | undefined {
  if (resource.kind === 'graph') {
    const p = graphPermission(permission);
    if (!p) return undefined;
    if (type === 'delegated' ? !p.delegated : !p.application) return undefined;
    return p.name;
  }
  const list = type === 'delegated' ? (resource.app?.scopes ?? []) : (resource.app?.appRoles ?? []);
  return list.find((s) => s.toLowerCase() === permission.toLowerCase());
}

/**
 * Parses `scope`. Throws AadstsError invalid_scope for unknown permissions, a resource that does
 * not exist, .default mixed with named scopes, or (unless allowed) more than one resource.
 */
export function parseScopes(scope: string, resolve: ResourceResolver, opts: { multipleResources: boolean }): ScopeRequest {
  const oidc = new Set<OidcScope>();
  const byResource = new Map<string, ResourceScopes>();
  const order: string[] = [];
  for (const raw of scope.split(/\s+/).filter(Boolean)) {
    const lower = raw.toLowerCase();
    if ((OIDC_SCOPES as readonly string[]).includes(lower)) {
      oidc.add(lower as OidcScope);
      continue;
    }
    const slash = raw.lastIndexOf('/');
    const identifier = slash === -1 ? GRAPH_RESOURCE : raw.slice(0, slash);
    const permission = slash === -1 ? raw : raw.slice(slash + 1);
    const resource = slash === -1 ? graphResource(GRAPH_APP_ID) : resolve(identifier);
    if (!resource) {
      throw new AadstsError(
        'invalid_resource',
        500011,
        `The resource principal named ${identifier} was not found in the tenant. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      );
    }
    let entry = byResource.get(resource.appId);
    if (!entry) {
      entry = { resource, permissions: [], isDefault: false };
      byResource.set(resource.appId, entry);
      order.push(resource.appId);
    }
    if (permission === '.default') {
      entry.isDefault = true;
    } else {
      const name = canonicalPermission(resource, permission, 'delegated');
      if (!name) {
        throw new AadstsError(
          'invalid_scope',
          70011,
          `The provided value for the input parameter 'scope' is not valid. The scope '${raw}' does not exist on the resource.`,
        );
      }
      if (!entry.permissions.includes(name)) entry.permissions.push(name);
    }
    if (entry.isDefault && entry.permissions.length > 0) {
      throw new AadstsError(
        'invalid_scope',
        70011,
        `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid. static scope limit exceeded.`,
      );
    }
  }
  if (!opts.multipleResources && order.length > 1) {
    throw new AadstsError(
      'invalid_scope',
      700022,
      `The provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
    );
  }
  const [first, ...rest] = order.map((id) => byResource.get(id) as ResourceScopes);
  return { oidc, primary: first, others: rest };
}

/** The `scope` value of a token response: Graph permissions bare, others as full URIs, plus OpenID scopes. */
export function responseScope(resource: ResourceRef | undefined, permissions: string[], oidc: Set<OidcScope>): string {
  const names = resource ? permissions.map((p) => (resource.kind === 'graph' ? p : `${resource.identifier}/${p}`)) : [];
  for (const s of ['profile', 'openid', 'email'] as const) if (oidc.has(s)) names.push(s);
  return names.join(' ');
}
