/**
 * Everything the identity emulator remembers, in memory and apart from the HTTP routes so that it
 * can be read, seeded and reset: tenants and users, application registrations, consents,
 * authorization codes, refresh tokens, sign-in sessions, revocations and the clock.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DirectoryTenant, DirectoryUser } from '../shared/directory';
import type { ApplicationRegistration } from './application-registration';
import { GRAPH_APP_ID, GRAPH_RESOURCE } from './graph-permissions';
import { canonicalPermission, graphResource, type ResourceRef } from './scope-request';

export interface AdminConsent {
  tenantId: string;
  clientId: string;
  grantedAt: string;
  /** Object id of the admin who consented, when granted through the consent page. */
  grantedBy?: string;
  /** Delegated permissions granted for all users, by resource app id. */
  delegated: Record<string, string[]>;
  /** Application permissions (app roles) granted, by resource app id. */
  application: Record<string, string[]>;
}

export interface UserConsent {
  tenantId: string;
  userId: string;
  clientId: string;
  resourceAppId: string;
  scopes: string[];
  grantedAt: string;
}

export type RedirectKind = 'web' | 'spa' | 'publicClient';

export interface AuthorizationCodeGrant {
  code: string;
  tenantId: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  redirectKind: RedirectKind;
  scope: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  nonce?: string;
  sessionId?: string;
  issuedAt: number;
  expiresAt: number;
  redeemed: boolean;
}

export interface RefreshTokenGrant {
  token: string;
  tenantId: string;
  userId: string;
  clientId: string;
  /** The scope of the request that first obtained it (a refresh may ask for other scopes). */
  scope: string;
  /** Issued to a single-page app: fixed lifetime, redeemed without a client credential. */
  spa: boolean;
  /** Issued to a public client (no client credential then, none required now). */
  publicClient: boolean;
  sessionId?: string;
  issuedAt: number;
  expiresAt: number;
  /** Issue order, compared with revocations (seconds are too coarse for that). */
  seq: number;
}

export interface SignInSession {
  id: string;
  userIds: string[];
  createdAt: number;
}

export interface IdentitySettings {
  tokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
  spaRefreshTokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
  /** Extra resource identifiers that mean Microsoft Graph (e.g. the Graph emulator's URL). */
  graphResourceIds: string[];
}

export interface IdentitySeed {
  tenants: DirectoryTenant[];
  applications: ApplicationRegistration[];
  /** Admin consents to record at start (all permissions the app requires). */
  adminConsents: Array<{ tenantId: string; clientId: string }>;
}

/** Everything IdentityState holds, for the emulator's state file (identity-snapshot.ts). */
export interface IdentityStateData {
  clockOffsetSeconds: number;
  tokenCounters: TokenCounters;
  tenants: DirectoryTenant[];
  applications: ApplicationRegistration[];
  adminConsents: AdminConsent[];
  userConsents: UserConsent[];
  codes: AuthorizationCodeGrant[];
  refreshTokens: RefreshTokenGrant[];
  sessions: SignInSession[];
  /** "tenant|user" and the issue order up to which that user's tokens are revoked. */
  revocations: Array<[string, number]>;
  seq: number;
}

export type TenantSegment = { kind: 'tenant'; tenant: DirectoryTenant } | { kind: 'common' } | { kind: 'organizations' };

export interface TokenCounters {
  [grantType: string]: number;
}

/** A stable GUID derived from its parts (service principal ids, session ids in tokens). */
export function derivedGuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The object id of an application's service principal in a tenant. */
export function servicePrincipalId(tenantId: string, clientId: string): string {
  return derivedGuid('servicePrincipal', tenantId, clientId);
}

const opaque = (bytes: number) => randomBytes(bytes).toString('base64url');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class IdentityState {
  clockOffsetSeconds = 0;
  readonly tokenCounters: TokenCounters = {};
  private tenantMap = new Map<string, DirectoryTenant>();
  private appMap = new Map<string, ApplicationRegistration>();
  private adminConsentMap = new Map<string, AdminConsent>();
  private userConsentMap = new Map<string, UserConsent>();
  private codeMap = new Map<string, AuthorizationCodeGrant>();
  private refreshTokenMap = new Map<string, RefreshTokenGrant>();
  private sessionMap = new Map<string, SignInSession>();
  private revocationMap = new Map<string, number>();
  private seq = 0;

  constructor(
    private readonly seed: IdentitySeed,
    readonly settings: IdentitySettings,
  ) {
    this.reset();
  }

  /** Seconds since the epoch on the emulator's clock (real time plus the offset tests set). */
  now(): number {
    return Math.floor(Date.now() / 1000) + this.clockOffsetSeconds;
  }

  /** Back to the seed: drops codes, tokens, sessions, revocations, added tenants, apps and consents. */
  reset(): void {
    this.clockOffsetSeconds = 0;
    for (const k of Object.keys(this.tokenCounters)) delete this.tokenCounters[k];
    this.tenantMap.clear();
    this.appMap.clear();
    this.adminConsentMap.clear();
    this.userConsentMap.clear();
    this.codeMap.clear();
    this.refreshTokenMap.clear();
    this.sessionMap.clear();
    this.revocationMap.clear();
    this.seq = 0;
    for (const t of this.seed.tenants) this.addTenant(t);
    for (const a of this.seed.applications) this.addApplication(a);
    for (const c of this.seed.adminConsents) this.grantAdminConsent(c.tenantId, c.clientId);
  }

  // --- tenants and users ---

  addTenant(tenant: DirectoryTenant): void {
    this.tenantMap.set(tenant.id.toLowerCase(), structuredClone(tenant));
  }

  tenants(): DirectoryTenant[] {
    return [...this.tenantMap.values()];
  }

  tenant(id: string): DirectoryTenant | undefined {
    return this.tenantMap.get(id.toLowerCase());
  }

  /** Reads the {tenant} path segment: a tenant id, a verified domain, `common` or `organizations`. */
  resolveTenant(segment: string): TenantSegment | undefined {
    const s = segment.toLowerCase();
    if (s === 'common') return { kind: 'common' };
    if (s === 'organizations') return { kind: 'organizations' };
    const byId = this.tenantMap.get(s);
    if (byId) return { kind: 'tenant', tenant: byId };
    const byDomain = this.tenants().find((t) => t.verifiedDomains.some((d) => d.toLowerCase() === s));
    return byDomain ? { kind: 'tenant', tenant: byDomain } : undefined;
  }

  /** Finds a user by sign-in name (UPN or mail), case-insensitively, in `tenant` or any tenant. */
  findUserByLogin(login: string, tenant?: DirectoryTenant): { tenant: DirectoryTenant; user: DirectoryUser } | undefined {
    const l = login.trim().toLowerCase();
    for (const t of tenant ? [tenant] : this.tenants()) {
      const user = t.users.find((u) => u.userPrincipalName.toLowerCase() === l || (u.mail ?? '').toLowerCase() === l);
      if (user) return { tenant: t, user };
    }
    return undefined;
  }

  user(tenantId: string, userId: string): DirectoryUser | undefined {
    return this.tenant(tenantId)?.users.find((u) => u.id === userId);
  }

  /**
   * Assigns the user the Global Administrator role or takes it away (as an admin would in the
   * Entra admin center): tokens issued from now on, refreshed ones included, say so in `wids`.
   */
  setTenantAdmin(tenantId: string, userId: string, isTenantAdmin: boolean): DirectoryUser | undefined {
    const user = this.user(tenantId, userId);
    if (user) user.isTenantAdmin = isTenantAdmin;
    return user;
  }

  // --- applications ---

  addApplication(app: ApplicationRegistration): void {
    this.appMap.set(app.clientId.toLowerCase(), structuredClone(app));
  }

  applications(): ApplicationRegistration[] {
    return [...this.appMap.values()];
  }

  application(clientId: string): ApplicationRegistration | undefined {
    return this.appMap.get(clientId.toLowerCase());
  }

  /** Resolves a resource named by URI or client id: Microsoft Graph or a registered API. */
  resolveResource(identifier: string): ResourceRef | undefined {
    const id = identifier.replace(/\/+$/, '');
    const lower = id.toLowerCase();
    if (
      lower === GRAPH_RESOURCE ||
      lower === GRAPH_APP_ID ||
      this.settings.graphResourceIds.some((g) => g.replace(/\/+$/, '').toLowerCase() === lower)
    ) {
      return graphResource(GUID.test(id) ? GRAPH_APP_ID : GRAPH_RESOURCE);
    }
    const app =
      this.application(lower) ??
      this.applications().find((a) => a.identifierUris.some((u) => u.replace(/\/+$/, '').toLowerCase() === lower));
    if (!app) return undefined;
    return { appId: app.clientId, identifier: id, displayName: app.displayName, kind: 'app', app, tokenVersion: app.accessTokenVersion };
  }

  // --- consent ---

  /**
   * Records tenant-wide admin consent for an app: by default every permission in its required
   * resource access (delegated and application); merged with any earlier consent.
   */
  grantAdminConsent(
    tenantId: string,
    clientId: string,
    grant: { grantedBy?: string; delegated?: Record<string, string[]>; application?: Record<string, string[]> } = {},
  ): AdminConsent {
    const app = this.application(clientId);
    const key = `${tenantId.toLowerCase()}|${clientId.toLowerCase()}`;
    const existing = this.adminConsentMap.get(key);
    const delegated: Record<string, string[]> = { ...(existing?.delegated ?? {}) };
    const application: Record<string, string[]> = { ...(existing?.application ?? {}) };
    const merge = (into: Record<string, string[]>, resourceAppId: string, names: string[]) => {
      into[resourceAppId] = [...new Set([...(into[resourceAppId] ?? []), ...names])];
    };
    if (!grant.delegated && !grant.application && app) {
      for (const rra of app.requiredResourceAccess) {
        const resource = this.resolveResource(rra.resource);
        if (!resource) continue;
        const d = rra.delegated.map((p) => canonicalPermission(resource, p, 'delegated')).filter((p): p is string => !!p);
        const a = rra.application.map((p) => canonicalPermission(resource, p, 'application')).filter((p): p is string => !!p);
        merge(delegated, resource.appId, d);
        merge(application, resource.appId, a);
      }
    }
    for (const [r, names] of Object.entries(grant.delegated ?? {})) merge(delegated, r, names);
    for (const [r, names] of Object.entries(grant.application ?? {})) merge(application, r, names);
    const consent: AdminConsent = {
      tenantId: tenantId.toLowerCase(),
      clientId: clientId.toLowerCase(),
      grantedAt: new Date(this.now() * 1000).toISOString(),
      ...(grant.grantedBy ? { grantedBy: grant.grantedBy } : {}),
      delegated,
      application,
    };
    this.adminConsentMap.set(key, consent);
    return consent;
  }

  adminConsent(tenantId: string, clientId: string): AdminConsent | undefined {
    return this.adminConsentMap.get(`${tenantId.toLowerCase()}|${clientId.toLowerCase()}`);
  }

  grantUserConsent(tenantId: string, userId: string, clientId: string, resourceAppId: string, scopes: string[]): UserConsent {
    const key = `${tenantId.toLowerCase()}|${userId}|${clientId.toLowerCase()}|${resourceAppId}`;
    const existing = this.userConsentMap.get(key);
    const consent: UserConsent = {
      tenantId: tenantId.toLowerCase(),
      userId,
      clientId: clientId.toLowerCase(),
      resourceAppId,
      scopes: [...new Set([...(existing?.scopes ?? []), ...scopes])],
      grantedAt: new Date(this.now() * 1000).toISOString(),
    };
    this.userConsentMap.set(key, consent);
    return consent;
  }

  userConsent(tenantId: string, userId: string, clientId: string, resourceAppId: string): UserConsent | undefined {
    return this.userConsentMap.get(`${tenantId.toLowerCase()}|${userId}|${clientId.toLowerCase()}|${resourceAppId}`);
  }

  /** Removes an app's consents in a tenant (admin and every user's), or one user's only. Returns how many. */
  revokeConsents(tenantId: string, clientId: string, userId?: string): number {
    const t = tenantId.toLowerCase();
    const c = clientId.toLowerCase();
    let removed = 0;
    if (!userId && this.adminConsentMap.delete(`${t}|${c}`)) removed += 1;
    for (const [key, uc] of this.userConsentMap) {
      if (uc.tenantId === t && uc.clientId === c && (!userId || uc.userId === userId)) {
        this.userConsentMap.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  consents(): { admin: AdminConsent[]; user: UserConsent[] } {
    return { admin: [...this.adminConsentMap.values()], user: [...this.userConsentMap.values()] };
  }

  /** An app is present in a tenant (has a service principal) in its home tenant or once anyone consented to it there. */
  hasServicePrincipal(tenantId: string, clientId: string): boolean {
    const t = tenantId.toLowerCase();
    const c = clientId.toLowerCase();
    if (c === GRAPH_APP_ID) return true;
    if (this.application(c)?.homeTenantId === t) return true;
    if (this.adminConsentMap.has(`${t}|${c}`)) return true;
    for (const uc of this.userConsentMap.values()) {
      if (uc.tenantId === t && (uc.clientId === c || uc.resourceAppId === c)) return true;
    }
    for (const ac of this.adminConsentMap.values()) {
      if (ac.tenantId === t && (c in ac.delegated || c in ac.application)) return true;
    }
    return false;
  }

  // --- authorization codes ---

  saveCode(grant: Omit<AuthorizationCodeGrant, 'code' | 'issuedAt' | 'expiresAt' | 'redeemed'>): AuthorizationCodeGrant {
    const issuedAt = this.now();
    const code: AuthorizationCodeGrant = {
      ...grant,
      code: `1.${opaque(48)}`,
      issuedAt,
      expiresAt: issuedAt + this.settings.codeLifetimeSeconds,
      redeemed: false,
    };
    this.codeMap.set(code.code, code);
    return code;
  }

  code(code: string): AuthorizationCodeGrant | undefined {
    return this.codeMap.get(code);
  }

  // --- refresh tokens ---

  /** Stores a new refresh token; `expiresAt` carries a single-page app's fixed expiry over to its successor. */
  issueRefreshToken(
    grant: Omit<RefreshTokenGrant, 'token' | 'issuedAt' | 'expiresAt' | 'seq'> & { expiresAt?: number },
  ): RefreshTokenGrant {
    const issuedAt = this.now();
    const lifetime = grant.spa ? this.settings.spaRefreshTokenLifetimeSeconds : this.settings.refreshTokenLifetimeSeconds;
    const rt: RefreshTokenGrant = {
      ...grant,
      token: `1.${opaque(96)}`,
      issuedAt,
      expiresAt: grant.expiresAt ?? issuedAt + lifetime,
      seq: ++this.seq,
    };
    this.refreshTokenMap.set(rt.token, rt);
    return rt;
  }

  refreshToken(token: string): RefreshTokenGrant | undefined {
    return this.refreshTokenMap.get(token);
  }

  /** Revokes a user's refresh tokens and sign-in sessions issued until now (revokeSignInSessions). */
  revokeUser(tenantId: string, userId: string): void {
    this.revocationMap.set(`${tenantId.toLowerCase()}|${userId}`, this.seq);
    for (const [id, s] of this.sessionMap) {
      s.userIds = s.userIds.filter((u) => u !== userId);
      if (s.userIds.length === 0) this.sessionMap.delete(id);
    }
  }

  /** Whether the user's tokens were revoked after this refresh token was issued. */
  isRevoked(rt: RefreshTokenGrant): boolean {
    const at = this.revocationMap.get(`${rt.tenantId.toLowerCase()}|${rt.userId}`);
    return at !== undefined && rt.seq <= at;
  }

  // --- sign-in sessions (the browser's cookie) ---

  signIn(sessionId: string | undefined, userId: string): SignInSession {
    const existing = sessionId ? this.sessionMap.get(sessionId) : undefined;
    if (existing) {
      if (!existing.userIds.includes(userId)) existing.userIds.push(userId);
      return existing;
    }
    const session: SignInSession = { id: opaque(24), userIds: [userId], createdAt: this.now() };
    this.sessionMap.set(session.id, session);
    return session;
  }

  session(id: string | undefined): SignInSession | undefined {
    return id ? this.sessionMap.get(id) : undefined;
  }

  endSession(id: string | undefined): void {
    if (id) this.sessionMap.delete(id);
  }

  countToken(grantType: string): void {
    this.tokenCounters[grantType] = (this.tokenCounters[grantType] ?? 0) + 1;
  }

  // --- snapshot and restore (the local stack's saved world) ---

  exportData(): IdentityStateData {
    return structuredClone({
      clockOffsetSeconds: this.clockOffsetSeconds,
      tokenCounters: this.tokenCounters,
      tenants: this.tenants(),
      applications: this.applications(),
      adminConsents: [...this.adminConsentMap.values()],
      userConsents: [...this.userConsentMap.values()],
      codes: [...this.codeMap.values()],
      refreshTokens: [...this.refreshTokenMap.values()],
      sessions: [...this.sessionMap.values()],
      revocations: [...this.revocationMap.entries()],
      seq: this.seq,
    });
  }

  /**
   * Replaces everything with saved data, then registers this start's seeded applications again:
   * their redirect URIs follow the ports the stack runs on now.
   */
  importData(data: IdentityStateData): void {
    this.reset();
    this.tenantMap.clear();
    this.appMap.clear();
    this.adminConsentMap.clear();
    this.clockOffsetSeconds = data.clockOffsetSeconds;
    Object.assign(this.tokenCounters, data.tokenCounters);
    for (const t of data.tenants) this.addTenant(t);
    for (const a of data.applications) this.addApplication(a);
    for (const a of this.seed.applications) this.addApplication(a);
    for (const c of data.adminConsents) this.adminConsentMap.set(`${c.tenantId}|${c.clientId}`, structuredClone(c));
    for (const c of data.userConsents)
      this.userConsentMap.set(`${c.tenantId}|${c.userId}|${c.clientId}|${c.resourceAppId}`, structuredClone(c));
    for (const c of data.codes) this.codeMap.set(c.code, structuredClone(c));
    for (const rt of data.refreshTokens) this.refreshTokenMap.set(rt.token, structuredClone(rt));
    for (const s of data.sessions) this.sessionMap.set(s.id, structuredClone(s));
    for (const [key, at] of data.revocations) this.revocationMap.set(key, at);
    this.seq = data.seq;
  }
}
