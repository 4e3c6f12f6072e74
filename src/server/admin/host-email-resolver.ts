/**
 * The email a user's meetings are scheduled for in admin mode, read from Graph with the tenant's
 * app-only token (`GET /users/{id}` for mail and userPrincipalName, `GET /organization` for the
 * verified domains) and checked by host-email-rules. Nothing personal is stored: the address stays
 * in this process's memory for a few minutes at most (a meeting created, then edited at once, asks
 * once), never in the database or a log line.
 *
 * Refusals and Graph's failures come out as the API's errors: 403 host_domain_not_verified,
 * 409 host_email_missing, 409 admin_consent_missing, 503 graph_unavailable.
 */
import type { GraphClient } from '../graph';
import { DomainError } from '../errors';
import { decideHostEmail } from './host-email-rules';
import { codeOf, toError } from '../errors';

export interface HostEmailResolver {
  hostEmailFor(tenantId: string, userId: string): Promise<string>;
  /** Drops what is remembered of a tenant (after its authorization changed), or of every tenant. */
  forget(tenantId?: string): void;
}

export interface HostEmailResolverOptions {
  graph: Pick<GraphClient, 'getUser' | 'getOrganization'>;
  clock?: () => Date;
  /** How long an address is remembered (default 5 minutes). */
  emailTtlMs?: number;
  /** How long a tenant's verified domains are remembered (default 10 minutes). */
  domainsTtlMs?: number;
  /** Addresses remembered at most (the oldest go first). */
  maxEntries?: number;
}

interface Remembered<T> {
  value: T;
  until: number;
}

/** Graph's and the token service's failures, as the API reports them when scheduling. */
export function graphFailureToDomainError(thrown: unknown): DomainError | undefined {
  const code = codeOf(thrown);
  const cause = { cause: thrown };
  if (code === 'graph_consent_required' || code === 'graph_forbidden' || code === 'graph_unauthorized') {
    return new DomainError(
      'conflict',
      'admin_consent_missing',
      "Your organization's authorization of this app is missing or incomplete; ask your administrator.",
      cause,
    );
  }
  if (code === 'graph_not_found')
    return new DomainError('conflict', 'host_email_missing', 'Your account has no email address Webex can schedule for.', cause);
  if (code === 'graph_throttled' || code === 'graph_unavailable' || code === 'graph_token_unavailable' || code?.startsWith('outbound_')) {
    return new DomainError('unavailable', 'graph_unavailable', 'Microsoft 365 is not answering right now; try again shortly.', {
      ...cause,
      retryAfterSeconds: 30,
    });
  }
  return undefined;
}

export function createHostEmailResolver(options: HostEmailResolverOptions): HostEmailResolver {
  const clock = options.clock ?? (() => new Date());
  const emailTtlMs = options.emailTtlMs ?? 5 * 60_000;
  const domainsTtlMs = options.domainsTtlMs ?? 10 * 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const emails = new Map<string, Remembered<string>>();
  const domains = new Map<string, Remembered<string[]>>();

  const fresh = <T>(map: Map<string, Remembered<T>>, key: string): T | undefined => {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.until > clock().getTime()) return entry.value;
    map.delete(key);
    return undefined;
  };
  const remember = <T>(map: Map<string, Remembered<T>>, key: string, value: T, ttl: number): void => {
    if (map.size >= maxEntries && !map.has(key)) map.delete(map.keys().next().value as string);
    map.set(key, { value, until: clock().getTime() + ttl });
  };

  async function verifiedDomains(tenantId: string): Promise<string[]> {
    const key = tenantId.toLowerCase();
    const known = fresh(domains, key);
    if (known) return known;
    const org = await options.graph.getOrganization(tenantId);
    const names = (org.verifiedDomains ?? []).map((d) => d.name).filter((n): n is string => typeof n === 'string');
    remember(domains, key, names, domainsTtlMs);
    return names;
  }

  return {
    async hostEmailFor(tenantId, userId) {
      const key = `${tenantId.toLowerCase()}/${userId.toLowerCase()}`;
      const known = fresh(emails, key);
      if (known) return known;
      let decision;
      try {
        const [user, verified] = await Promise.all([
          options.graph.getUser(tenantId, userId, ['id', 'mail', 'userPrincipalName']),
          verifiedDomains(tenantId),
        ]);
        decision = decideHostEmail(user, verified);
      } catch (thrown) {
        throw graphFailureToDomainError(thrown) ?? toError(thrown);
      }
      if (!decision.ok) {
        if (decision.code === 'host_domain_not_verified') {
          throw new DomainError(
            'forbidden',
            'host_domain_not_verified',
            "Your email address is not in one of your organization's verified domains, so no meeting is scheduled for it.",
          );
        }
        throw new DomainError('conflict', 'host_email_missing', 'Your account has no email address Webex can schedule for.');
      }
      remember(emails, key, decision.email, emailTtlMs);
      return decision.email;
    },

    forget(tenantId) {
      if (!tenantId) {
        emails.clear();
        domains.clear();
        return;
      }
      const t = tenantId.toLowerCase();
      domains.delete(t);
      for (const key of [...emails.keys()]) if (key.startsWith(`${t}/`)) emails.delete(key);
    },
  };
}
