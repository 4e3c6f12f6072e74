/**
 * The tenants and users Graph knows, seeded from the shared directory, and their Graph resource
 * shapes (user, organization). Users are found within one tenant only, by object id or by
 * userPrincipalName, case-insensitively, as in Entra.
 */
import type { CalendarDelegate, CalendarRole, DirectoryTenant, DirectoryUser } from '../shared/directory';

/** The properties Graph v1.0 returns for a user when no $select is given. */
export const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

/** Further user properties this emulator can return when selected. */
export const SELECTABLE_USER_PROPERTIES = [
  ...DEFAULT_USER_PROPERTIES,
  'accountEnabled',
  'mailNickname',
  'userType',
  'usageLocation',
  'department',
  'companyName',
  'otherMails',
  'proxyAddresses',
  'createdDateTime',
] as const;

export class GraphDirectory {
  private readonly tenants = new Map<string, DirectoryTenant>();

  constructor(seed: DirectoryTenant[] = []) {
    for (const t of seed) this.addTenant(t);
  }

  /** Adds a tenant, or replaces the one with the same id. */
  addTenant(tenant: DirectoryTenant): void {
    this.tenants.set(tenant.id.toLowerCase(), structuredClone(tenant));
  }

  clear(): void {
    this.tenants.clear();
  }

  tenant(tenantId: string): DirectoryTenant | undefined {
    return this.tenants.get(tenantId.toLowerCase());
  }

  allTenants(): DirectoryTenant[] {
    return [...this.tenants.values()];
  }

  /** A user of the tenant by object id or userPrincipalName. */
  findUser(tenantId: string, idOrUpn: string): DirectoryUser | undefined {
    const key = idOrUpn.toLowerCase();
    return this.tenant(tenantId)?.users.find((u) => u.id.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key);
  }

  /** What `delegateId` may do in the calendar of `ownerId` (both object ids of the tenant); undefined: nothing. */
  calendarRole(tenantId: string, ownerId: string, delegateId: string): CalendarRole | undefined {
    const owner = this.findUser(tenantId, ownerId);
    return owner?.calendarDelegates?.find((d) => d.userId.toLowerCase() === delegateId.toLowerCase())?.role;
  }

  /** The delegates of a user's calendar. */
  calendarDelegates(tenantId: string, ownerId: string): CalendarDelegate[] {
    return (this.findUser(tenantId, ownerId)?.calendarDelegates ?? []).map((d) => ({ ...d }));
  }

  /** Gives a user of the owner's tenant access to the owner's calendar, or changes their role. */
  setCalendarDelegate(tenantId: string, ownerId: string, delegateId: string, role: CalendarRole): void {
    const owner = this.findUser(tenantId, ownerId);
    if (!owner) return;
    const others = (owner.calendarDelegates ?? []).filter((d) => d.userId.toLowerCase() !== delegateId.toLowerCase());
    owner.calendarDelegates = [...others, { userId: delegateId.toLowerCase(), role }];
  }

  /** Takes a delegate's access away; false when they had none. */
  removeCalendarDelegate(tenantId: string, ownerId: string, delegateId: string): boolean {
    const owner = this.findUser(tenantId, ownerId);
    const before = owner?.calendarDelegates ?? [];
    const after = before.filter((d) => d.userId.toLowerCase() !== delegateId.toLowerCase());
    if (!owner || after.length === before.length) return false;
    owner.calendarDelegates = after;
    return true;
  }

  /** The tenant a user belongs to, searched across all tenants (for the control surface). */
  tenantOfUser(userId: string): DirectoryTenant | undefined {
    const key = userId.toLowerCase();
    return this.allTenants().find((t) => t.users.some((u) => u.id.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key));
  }
}

/** A user as Graph returns it, with every selectable property. */
export function userResource(user: DirectoryUser, tenant: DirectoryTenant): Record<string, unknown> {
  const nickname = user.userPrincipalName.split('@')[0] ?? user.userPrincipalName;
  return {
    businessPhones: [...user.businessPhones],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle ?? null,
    mail: user.mail,
    mobilePhone: user.mobilePhone ?? null,
    officeLocation: null,
    preferredLanguage: user.preferredLanguage,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    id: user.id,
    accountEnabled: true,
    mailNickname: nickname,
    userType: 'Member',
    usageLocation: 'US',
    department: null,
    companyName: tenant.displayName,
    otherMails: [],
    proxyAddresses: user.mail ? [`SMTP:${user.mail}`] : [],
    createdDateTime: '2024-01-01T00:00:00Z',
  };
}

/**
 * The organization resource, with only properties Graph's v1.0 metadata defines for it (not, for
 * instance, onPremisesSyncStatus or directorySizeQuota). Of the verified domains, the
 * *.onmicrosoft.com one is the initial domain and the first other one is the default, as in a
 * tenant that added its own domain.
 */
export function organizationResource(tenant: DirectoryTenant): Record<string, unknown> {
  const initial = tenant.verifiedDomains.find((d) => d.toLowerCase().endsWith('.onmicrosoft.com')) ?? tenant.verifiedDomains[0];
  const defaultDomain = tenant.verifiedDomains.find((d) => d !== initial) ?? initial;
  return {
    id: tenant.id,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: 'US',
    createdDateTime: '2024-01-01T00:00:00Z',
    defaultUsageLocation: null,
    displayName: tenant.displayName,
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    partnerTenantType: null,
    postalCode: null,
    preferredLanguage: 'en',
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: 'AAD',
    assignedPlans: [],
    privacyProfile: null,
    provisionedPlans: [],
    verifiedDomains: tenant.verifiedDomains.map((name) => ({
      capabilities: 'Email, OfficeCommunicationsOnlineService',
      isDefault: name === defaultDomain,
      isInitial: name === initial,
      name,
      type: 'Managed',
    })),
  };
}
