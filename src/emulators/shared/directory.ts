/**
 * The people and organizations the local stack is seeded with. The identity, Graph and Webex
 * emulators are each seeded from the same directory so that a user who signs in to one is known
 * to the others (by object id in Microsoft's, by email in Webex's).
 *
 * Passwords are for the local emulators only; the identity emulator lists them on
 * GET /_emulator/users so scripts and testers can sign in.
 */

/**
 * What a delegate may do in the owner's calendar, as Graph's calendarRoleType names it: Outlook's
 * delegates are the two delegate roles; `write` is a share with edit rights; `read` reads only.
 */
export type CalendarRole = 'read' | 'write' | 'delegateWithoutPrivateEventAccess' | 'delegateWithPrivateEventAccess';

export const CALENDAR_ROLES: readonly CalendarRole[] = [
  'read',
  'write',
  'delegateWithoutPrivateEventAccess',
  'delegateWithPrivateEventAccess',
];

/** Someone the user gave access to their calendar in Outlook (a delegate or a share recipient). */
export interface CalendarDelegate {
  /** The delegate's object id, in the owner's tenant. */
  userId: string;
  role: CalendarRole;
}

export interface DirectoryUser {
  /** Entra object id (oid). */
  id: string;
  userPrincipalName: string;
  mail: string | null;
  displayName: string;
  givenName: string;
  surname: string;
  jobTitle?: string;
  mobilePhone?: string;
  businessPhones: string[];
  preferredLanguage: string;
  password: string;
  /** Holds a directory role that may grant tenant-wide admin consent. */
  isTenantAdmin: boolean;
  /** Who may open this user's calendar, and what they may do there (the Graph emulator follows it). */
  calendarDelegates?: CalendarDelegate[];
}

export interface DirectoryTenant {
  id: string;
  displayName: string;
  /** All are verified; the *.onmicrosoft.com one is the initial domain, the other the default. */
  verifiedDomains: string[];
  users: DirectoryUser[];
}

function user(
  tenantIdSuffix: string,
  n: number,
  domain: string,
  given: string,
  surname: string,
  extra: Partial<DirectoryUser> = {},
): DirectoryUser {
  const local = `${given}.${surname}`.toLowerCase();
  return {
    id: `00000000-0000-4000-8${tenantIdSuffix}-${String(n).padStart(12, '0')}`,
    userPrincipalName: `${local}@${domain}`,
    mail: `${local}@${domain}`,
    displayName: `${given} ${surname}`,
    givenName: given,
    surname,
    businessPhones: [`+1 425 555 ${String(100 + n).padStart(4, '0')}`],
    preferredLanguage: 'en-US',
    password: `${given}-Local-1!`,
    isTenantAdmin: false,
    ...extra,
  };
}

/**
 * The default local tenant: an admin and a few users. Megan is Alex's delegate with write access
 * (she schedules meetings for him from his calendar in Outlook).
 */
export function defaultDirectory(tenantId: string, domain: string): DirectoryTenant {
  const megan = user('000', 3, domain, 'Megan', 'Bowen', { jobTitle: 'Marketing Manager', preferredLanguage: 'de-DE' });
  return {
    id: tenantId,
    displayName: 'Contoso (local)',
    verifiedDomains: [domain, `${domain.split('.')[0]}.onmicrosoft.com`],
    users: [
      user('000', 1, domain, 'Adele', 'Vance', { isTenantAdmin: true, jobTitle: 'IT Administrator' }),
      user('000', 2, domain, 'Alex', 'Wilber', {
        jobTitle: 'Marketing Assistant',
        calendarDelegates: [{ userId: megan.id, role: 'delegateWithoutPrivateEventAccess' }],
      }),
      megan,
      user('000', 4, domain, 'Irina', 'Petrova', { jobTitle: 'Engineer', preferredLanguage: 'ru-RU' }),
    ],
  };
}

/** A second tenant, so that cross-tenant access can be tried locally. */
export function otherDirectory(): DirectoryTenant {
  const domain = 'fabrikam.example';
  return {
    id: '3c9d2f1e-0000-4000-8000-0000fab71ca0',
    displayName: 'Fabrikam (local)',
    verifiedDomains: [domain, 'fabrikam.onmicrosoft.com'],
    users: [user('fab', 1, domain, 'Fabian', 'Admin', { isTenantAdmin: true }), user('fab', 2, domain, 'Rosa', 'Marquez')],
  };
}
