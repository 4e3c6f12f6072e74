/**
 * Which email the organization's Webex token schedules a user's meeting for (admin mode,
 * `hostEmail`), and whether it may: Graph's `mail`, else the user principal name, and only when its
 * domain is one the tenant has verified. A user whose mail points outside the organization (a
 * mail-enabled guest, a typo, an attribute set by hand) must never get a meeting in someone else's
 * name. Pure.
 */

export type HostEmailRefusal =
  /** The user has neither a mail nor a user principal name that looks like an address. */
  | 'host_email_missing'
  /** The address's domain is not among the tenant's verified domains. */
  | 'host_domain_not_verified';

export type HostEmailDecision = { ok: true; email: string } | { ok: false; code: HostEmailRefusal };

export interface DirectoryUserAddresses {
  mail?: string | null;
  userPrincipalName?: string | null;
}

// One @, something before it, a dotted domain after it; nothing else is asked of an address here.
const ADDRESS = /^[^\s@]+@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$/;

/** The lower-cased domain of an address, or undefined when it is not one. */
export function emailDomain(address: string): string | undefined {
  return ADDRESS.exec(address.trim())?.[1]?.toLowerCase();
}

/** `mail` when it is an address, else the user principal name when it is one. */
export function hostEmailOf(user: DirectoryUserAddresses): string | undefined {
  for (const candidate of [user.mail, user.userPrincipalName]) {
    if (typeof candidate === 'string' && emailDomain(candidate)) return candidate.trim();
  }
  return undefined;
}

/**
 * Exact, case-insensitive match: Entra lists every verified domain, subdomains included, so a
 * subdomain that is not listed is not verified.
 */
export function isVerifiedDomain(domain: string, verifiedDomains: readonly string[]): boolean {
  const d = domain.toLowerCase();
  return verifiedDomains.some((v) => v.trim().toLowerCase() === d);
}

export function decideHostEmail(user: DirectoryUserAddresses, verifiedDomains: readonly string[]): HostEmailDecision {
  const email = hostEmailOf(user);
  if (!email) return { ok: false, code: 'host_email_missing' };
  const domain = emailDomain(email) as string;
  return isVerifiedDomain(domain, verifiedDomains) ? { ok: true, email } : { ok: false, code: 'host_domain_not_verified' };
}
