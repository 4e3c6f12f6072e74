/**
 * Webex organizations and people, seeded from the shared directory: one Webex org per tenant, one
 * person per user (email = user mail), a site `<org>.webex.com`, and a personal room each.
 * Ids are Webex-shaped: base64url of `ciscospark://us/PEOPLE/<uuid>` without padding.
 */
import { createHash } from 'node:crypto';
import type { DirectoryTenant, DirectoryUser } from '../shared/directory';

export interface WebexOrg {
  /** Webex id, base64url of ciscospark://us/ORGANIZATION/<uuid>. */
  id: string;
  /** The Entra tenant id it was seeded from (or the uuid inside `id`). */
  tenantId: string;
  displayName: string;
  /** e.g. contoso.webex.com */
  siteUrl: string;
}

export interface WebexPersonalRoom {
  url: string;
  meetingNumber: string;
  sipAddress: string;
  hostKey: string;
}

export interface WebexPerson {
  id: string;
  /** Lower-case email, the key Webex matches `hostEmail` on. */
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
  orgId: string;
  timezone: string;
  /** The user's preferred (default) site. */
  siteUrl: string;
  /** Other sites the user hosts on (Get Site List answers them after the preferred one); absent: none. */
  otherSites?: string[];
  /** A Webex admin of the org: may be granted meeting:admin_schedule_* scopes. */
  isAdmin: boolean;
  personalRoom: WebexPersonalRoom;
  created: string;
}

export interface WebexPersonSeed {
  email: string;
  displayName?: string;
  firstName?: string;
  lastName?: string;
  /** Webex org id or the tenant id it was seeded from; defaults to the first org. */
  orgId?: string;
  timezone?: string;
  isAdmin?: boolean;
  /** Sites besides the org's one that the person hosts on. */
  otherSites?: string[];
}

/** Every site the person hosts on, the preferred one first. */
export function sitesOf(person: Pick<WebexPerson, 'siteUrl' | 'otherSites'>): string[] {
  return [person.siteUrl, ...(person.otherSites ?? [])];
}

export function webexId(kind: 'PEOPLE' | 'ORGANIZATION' | 'APPLICATION', uuid: string): string {
  return Buffer.from(`ciscospark://us/${kind}/${uuid}`).toString('base64url');
}

/** Digits derived from a seed, so that the same person always gets the same room number. */
function digits(seed: string, count: number): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  let out = '';
  for (let i = 0; out.length < count; i += 2) out += String(parseInt(hex.slice(i, i + 2), 16) % 10);
  return out;
}

function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function siteFor(tenant: DirectoryTenant): string {
  const domain = tenant.verifiedDomains[0] ?? tenant.displayName;
  const slug = (domain.split('.')[0] ?? 'site').toLowerCase().replace(/[^a-z0-9-]/g, '') || 'site';
  return `${slug}.webex.com`;
}

export class WebexDirectory {
  readonly orgs = new Map<string, WebexOrg>();
  /** By lower-case email. */
  readonly people = new Map<string, WebexPerson>();

  constructor(private readonly defaultTimezone: string) {}

  clear(): void {
    this.orgs.clear();
    this.people.clear();
  }

  addTenant(tenant: DirectoryTenant): WebexPerson[] {
    const org: WebexOrg = {
      id: webexId('ORGANIZATION', tenant.id),
      tenantId: tenant.id,
      displayName: tenant.displayName,
      siteUrl: siteFor(tenant),
    };
    this.orgs.set(org.id, org);
    return tenant.users
      .filter((u): u is DirectoryUser & { mail: string } => !!u.mail)
      .map((u) =>
        this.addPerson({
          email: u.mail,
          displayName: u.displayName,
          firstName: u.givenName,
          lastName: u.surname,
          orgId: org.id,
          isAdmin: u.isTenantAdmin,
        }),
      );
  }

  /** Resolves a Webex org id or the tenant id an org was seeded from. */
  findOrg(idOrTenant: string): WebexOrg | undefined {
    const direct = this.orgs.get(idOrTenant);
    if (direct) return direct;
    for (const org of this.orgs.values()) if (org.tenantId.toLowerCase() === idOrTenant.toLowerCase()) return org;
    return undefined;
  }

  addPerson(seed: WebexPersonSeed): WebexPerson {
    const email = seed.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error('email must be an email address');
    let org = seed.orgId ? this.findOrg(seed.orgId) : this.orgs.values().next().value;
    if (seed.orgId && !org) throw new Error(`no org ${seed.orgId}`);
    if (!org) {
      // A person seeded before any tenant gets an org named after their domain.
      const domain = email.split('@')[1] ?? 'example.com';
      const tenantId = uuidFrom(domain);
      org = {
        id: webexId('ORGANIZATION', tenantId),
        tenantId,
        displayName: domain,
        siteUrl: siteFor({ id: tenantId, displayName: domain, verifiedDomains: [domain], users: [] }),
      };
      this.orgs.set(org.id, org);
    }
    const local = email.split('@')[0] ?? email;
    const [first, ...rest] = (seed.displayName ?? local).split(/\s+/);
    const meetingNumber = `2${digits(`pmr:${email}`, 9)}`;
    const person: WebexPerson = {
      id: webexId('PEOPLE', uuidFrom(`person:${email}`)),
      email,
      displayName: seed.displayName ?? local,
      firstName: seed.firstName ?? first ?? local,
      lastName: seed.lastName ?? rest.join(' '),
      orgId: org.id,
      timezone: seed.timezone ?? this.defaultTimezone,
      siteUrl: org.siteUrl,
      ...(seed.otherSites?.length ? { otherSites: seed.otherSites.map((site) => site.trim().toLowerCase()) } : {}),
      isAdmin: seed.isAdmin ?? false,
      personalRoom: {
        url: `https://${org.siteUrl}/meet/${local.replace(/[^a-z0-9._-]/gi, '')}`,
        meetingNumber,
        sipAddress: `${local}@${org.siteUrl}`,
        hostKey: digits(`hostkey:${email}`, 6),
      },
      created: new Date().toISOString(),
    };
    this.people.set(email, person);
    return person;
  }

  /** Lets the person host on one more site (tests: a user with several sites); false if no such person. */
  addSite(email: string, siteUrl: string): boolean {
    const person = this.findPerson(email);
    if (!person) return false;
    const site = siteUrl.trim().toLowerCase();
    if (!sitesOf(person).includes(site)) person.otherSites = [...(person.otherSites ?? []), site];
    return true;
  }

  findPerson(email: string): WebexPerson | undefined {
    return this.people.get(email.trim().toLowerCase());
  }

  findPersonById(id: string): WebexPerson | undefined {
    for (const p of this.people.values()) if (p.id === id) return p;
    return undefined;
  }
}
