/**
 * The personal contacts of each mailbox (Outlook's "People"), as /me/contacts returns them
 * (https://learn.microsoft.com/graph/api/resources/contact). Every user of a seeded tenant starts
 * with a few contacts of their own — people outside the organization with phone numbers, one
 * colleague, one contact with an e-mail address only — so that the local stack shows something on
 * first run; tests and the dev host add more through the control surface.
 *
 * Ids look like Exchange's REST ids (base64, URL-safe alphabet, '=' padding kept), so that clients
 * must encode them in URLs as they must for the real service.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DirectoryTenant, DirectoryUser } from '../shared/directory';

export interface EmailAddress {
  name: string;
  address: string;
}

/** A contact as stored: the writable properties of Graph's contact resource that the emulator keeps. */
export interface StoredContact {
  id: string;
  mailboxId: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  companyName: string | null;
  jobTitle: string | null;
  emailAddresses: EmailAddress[];
  businessPhones: string[];
  homePhones: string[];
  mobilePhone: string | null;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
}

export type ContactInput = Partial<Omit<StoredContact, 'id' | 'mailboxId' | 'createdDateTime' | 'lastModifiedDateTime' | 'changeKey'>> & {
  displayName?: string;
};

interface SeedPerson {
  given: string;
  surname: string;
  company: string;
  jobTitle: string;
  domain: string;
  phone: string;
}

/** People outside the seeded organizations (555 numbers: fictional). */
const OUTSIDE_PEOPLE: readonly SeedPerson[] = [
  {
    given: 'Patti',
    surname: 'Fernandez',
    company: 'Northwind Traders',
    jobTitle: 'Account Manager',
    domain: 'northwind.example',
    phone: '+1 206 555 0143',
  },
  { given: 'Jordan', surname: 'Reyes', company: 'Tailspin Toys', jobTitle: 'Buyer', domain: 'tailspin.example', phone: '+1 312 555 0177' },
  {
    given: 'Lena',
    surname: 'Hoffmann',
    company: 'Wide World Importers',
    jobTitle: 'Logistics',
    domain: 'wideworld.example',
    phone: '+49 30 5550 1234',
  },
  { given: 'Kenji', surname: 'Sato', company: 'Litware', jobTitle: 'Partner Manager', domain: 'litware.example', phone: '+81 3 5550 0199' },
  {
    given: 'Amelie',
    surname: 'Dubois',
    company: 'Adventure Works',
    jobTitle: 'Sales',
    domain: 'adventure-works.example',
    phone: '+33 1 55 50 01 23',
  },
];

function contactId(seed: string): string {
  // Exchange REST ids: a fixed prefix, then base64 with the URL-safe alphabet and its padding.
  const digest = createHash('sha256').update(seed).digest().subarray(0, 31);
  return `AAMkA${digest.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
}

function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function changeKeyOf(): string {
  return createHash('sha256').update(randomUUID()).digest('base64').slice(0, 24);
}

export class ContactsStore {
  private readonly byMailbox = new Map<string, StoredContact[]>();

  /** The seeded contacts of every user of the tenants. */
  seed(tenants: DirectoryTenant[]): void {
    for (const tenant of tenants) {
      tenant.users.forEach((user, index) => {
        for (const contact of seedContacts(tenant, user, index)) this.put(contact);
      });
    }
  }

  clear(): void {
    this.byMailbox.clear();
  }

  /** Every mailbox's contacts, for the emulator's state file (graph-snapshot.ts). */
  exportData(): StoredContact[] {
    return [...this.byMailbox.values()].flat();
  }

  importData(contacts: StoredContact[]): void {
    this.clear();
    for (const c of contacts) this.put(structuredClone(c));
  }

  list(mailboxId: string): StoredContact[] {
    return [...(this.byMailbox.get(mailboxId.toLowerCase()) ?? [])];
  }

  get(mailboxId: string, id: string): StoredContact | undefined {
    return this.byMailbox.get(mailboxId.toLowerCase())?.find((c) => c.id === id);
  }

  /** Adds a contact to a mailbox (the user's own edit in Outlook); returns it. */
  add(mailboxId: string, input: ContactInput): StoredContact {
    const now = nowIso();
    const displayName = input.displayName ?? [input.givenName, input.surname].filter(Boolean).join(' ');
    const contact: StoredContact = {
      id: contactId(`${mailboxId}:${randomUUID()}`),
      mailboxId: mailboxId.toLowerCase(),
      displayName,
      givenName: input.givenName ?? null,
      surname: input.surname ?? null,
      companyName: input.companyName ?? null,
      jobTitle: input.jobTitle ?? null,
      emailAddresses: (input.emailAddresses ?? []).map((e) => ({ name: e.name ?? displayName, address: e.address })),
      businessPhones: [...(input.businessPhones ?? [])],
      homePhones: [...(input.homePhones ?? [])],
      mobilePhone: input.mobilePhone ?? null,
      createdDateTime: now,
      lastModifiedDateTime: now,
      changeKey: changeKeyOf(),
    };
    this.put(contact);
    return contact;
  }

  private put(contact: StoredContact): void {
    const list = this.byMailbox.get(contact.mailboxId) ?? [];
    list.push(contact);
    this.byMailbox.set(contact.mailboxId, list);
  }
}

function seedContacts(tenant: DirectoryTenant, user: DirectoryUser, index: number): StoredContact[] {
  const created = '2024-01-02T09:00:00Z';
  const mailboxId = user.id.toLowerCase();
  const make = (
    n: number,
    fields: Omit<StoredContact, 'id' | 'mailboxId' | 'createdDateTime' | 'lastModifiedDateTime' | 'changeKey'>,
  ): StoredContact => ({
    id: contactId(`${mailboxId}:seed:${n}`),
    mailboxId,
    createdDateTime: created,
    lastModifiedDateTime: created,
    changeKey: createHash('sha256').update(`${mailboxId}:${n}`).digest('base64').slice(0, 24),
    ...fields,
  });
  const contacts: StoredContact[] = [];
  for (let k = 0; k < 3; k++) {
    const p = OUTSIDE_PEOPLE[(index + k) % OUTSIDE_PEOPLE.length]!;
    const displayName = `${p.given} ${p.surname}`;
    const address = `${p.given}.${p.surname}`.toLowerCase() + `@${p.domain}`;
    contacts.push(
      make(k, {
        displayName,
        givenName: p.given,
        surname: p.surname,
        companyName: p.company,
        jobTitle: p.jobTitle,
        emailAddresses: [{ name: displayName, address }],
        // One of them only has a mobile number, as many real contacts do.
        businessPhones: k === 1 ? [] : [p.phone],
        homePhones: [],
        mobilePhone: k === 1 ? p.phone : null,
      }),
    );
  }
  const colleague = tenant.users[(index + 1) % tenant.users.length];
  if (colleague && colleague.id !== user.id) {
    contacts.push(
      make(10, {
        displayName: colleague.displayName,
        givenName: colleague.givenName,
        surname: colleague.surname,
        companyName: tenant.displayName,
        jobTitle: colleague.jobTitle ?? null,
        emailAddresses: colleague.mail ? [{ name: colleague.displayName, address: colleague.mail }] : [],
        businessPhones: [...colleague.businessPhones],
        homePhones: [],
        mobilePhone: null,
      }),
    );
  }
  contacts.push(
    make(11, {
      displayName: 'Reception desk',
      givenName: null,
      surname: null,
      companyName: tenant.displayName,
      jobTitle: null,
      emailAddresses: [{ name: 'Reception desk', address: `reception@${tenant.verifiedDomains[0] ?? 'example.com'}` }],
      businessPhones: [],
      homePhones: [],
      mobilePhone: null,
    }),
  );
  return contacts;
}

/** Every property of Graph's contact resource, as returned without $select. */
export const CONTACT_PROPERTIES = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'parentFolderId',
  'birthday',
  'fileAs',
  'displayName',
  'givenName',
  'initials',
  'middleName',
  'nickName',
  'surname',
  'title',
  'yomiGivenName',
  'yomiSurname',
  'yomiCompanyName',
  'generation',
  'imAddresses',
  'jobTitle',
  'companyName',
  'department',
  'officeLocation',
  'profession',
  'businessHomePage',
  'assistantName',
  'manager',
  'homePhones',
  'mobilePhone',
  'businessPhones',
  'spouseName',
  'personalNotes',
  'children',
  'emailAddresses',
  'homeAddress',
  'businessAddress',
  'otherAddress',
] as const;

/** The contact as Graph returns it. */
export function contactResource(c: StoredContact): Record<string, unknown> {
  const initials = [c.givenName, c.surname]
    .filter((s): s is string => !!s)
    .map((s) => `${s[0]}.`)
    .join('');
  return {
    '@odata.etag': `W/"${c.changeKey}"`,
    id: c.id,
    createdDateTime: c.createdDateTime,
    lastModifiedDateTime: c.lastModifiedDateTime,
    changeKey: c.changeKey,
    categories: [],
    parentFolderId: `AAMkAContactsFolder${c.mailboxId.replace(/-/g, '').slice(0, 12)}AAA=`,
    birthday: null,
    fileAs: c.surname && c.givenName ? `${c.surname}, ${c.givenName}` : c.displayName,
    displayName: c.displayName,
    givenName: c.givenName,
    initials: initials || null,
    middleName: null,
    nickName: null,
    surname: c.surname,
    title: null,
    yomiGivenName: null,
    yomiSurname: null,
    yomiCompanyName: null,
    generation: null,
    imAddresses: [],
    jobTitle: c.jobTitle,
    companyName: c.companyName,
    department: null,
    officeLocation: null,
    profession: null,
    businessHomePage: null,
    assistantName: null,
    manager: null,
    homePhones: [...c.homePhones],
    mobilePhone: c.mobilePhone,
    businessPhones: [...c.businessPhones],
    spouseName: null,
    personalNotes: '',
    children: [],
    emailAddresses: c.emailAddresses.map((e) => ({ ...e })),
    homeAddress: {},
    businessAddress: {},
    otherAddress: {},
  };
}
