/**
 * The tenant the benchmark and the fault suite run against: the local tenant (its id and domain, so
 * that the backend's local-mode configuration trusts it) with the seeded users plus as many
 * generated ones as a run needs (hundreds of mailboxes for a burst, 10,000 for the subscription
 * simulation). Generated people carry no real name: "User 00042".
 */
import { LOCAL_APP } from '../../src/server/config';
import { defaultDirectory, type DirectoryTenant, type DirectoryUser } from '../../src/emulators/shared/directory';

function generatedUser(n: number, domain: string): DirectoryUser {
  const number = String(n).padStart(5, '0');
  return {
    // Version-4 shaped, distinct from the seeded users' "...-8000-..." ids.
    id: `00000000-0000-4000-8b00-${String(n).padStart(12, '0')}`,
    userPrincipalName: `user${number}@${domain}`,
    mail: `user${number}@${domain}`,
    displayName: `User ${number}`,
    givenName: 'User',
    surname: number,
    businessPhones: [],
    preferredLanguage: 'en-US',
    password: `User-${number}-Local-1!`,
    isTenantAdmin: false,
  };
}

/** The local tenant with `generatedUsers` more users; `mailboxes` lists the generated ones. */
export function benchTenant(generatedUsers: number): { tenant: DirectoryTenant; mailboxes: DirectoryUser[] } {
  const tenant = defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain);
  const mailboxes = Array.from({ length: generatedUsers }, (_, i) => generatedUser(i + 1, LOCAL_APP.tenantDomain));
  return { tenant: { ...tenant, users: [...tenant.users, ...mailboxes] }, mailboxes };
}
