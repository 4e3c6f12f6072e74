/**
 * Graph's users, contacts and conversation members as the tab's Person (teams-api-types.ts). Pure.
 * Only what the tab shows and dials is kept; everything else Graph returns is dropped here.
 */
import type { Person, PhoneNumber } from '../../core/teams-api-types';

/** The $select of a user for the tab. */
export const USER_SELECT = ['id', 'displayName', 'jobTitle', 'companyName', 'mail', 'userPrincipalName', 'businessPhones', 'mobilePhone'];
/** The $select of a contact for the tab. */
export const CONTACT_SELECT = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'companyName',
  'jobTitle',
  'emailAddresses',
  'businessPhones',
  'mobilePhone',
  'homePhones',
];

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map(text).filter((s): s is string => s !== undefined) : []);

function phones(business: unknown, mobile: unknown, home: unknown): PhoneNumber[] {
  const out: PhoneNumber[] = [];
  const add = (kind: PhoneNumber['kind'], number: string) => {
    if (!out.some((p) => p.number === number)) out.push({ kind, number });
  };
  for (const n of texts(business)) add('business', n);
  const m = text(mobile);
  if (m) add('mobile', m);
  for (const n of texts(home)) add('home', n);
  return out;
}

function compact(person: Person): Person {
  const out: Person = { kind: person.kind, id: person.id, displayName: person.displayName, phones: person.phones };
  if (person.jobTitle) out.jobTitle = person.jobTitle;
  if (person.companyName) out.companyName = person.companyName;
  if (person.email) out.email = person.email;
  return out;
}

/** A Graph user (with USER_SELECT). */
export function personFromUser(user: Record<string, unknown>): Person {
  const email = text(user.mail) ?? text(user.userPrincipalName);
  return compact({
    kind: 'user',
    id: String(user.id ?? ''),
    displayName: text(user.displayName) ?? email ?? '',
    jobTitle: text(user.jobTitle),
    companyName: text(user.companyName),
    email,
    phones: phones(user.businessPhones, user.mobilePhone, undefined),
  });
}

/** A Graph contact (with CONTACT_SELECT). */
export function personFromContact(contact: Record<string, unknown>): Person {
  const addresses = Array.isArray(contact.emailAddresses) ? (contact.emailAddresses as Array<Record<string, unknown>>) : [];
  const email = addresses.map((a) => text(a?.address)).find((a) => a !== undefined);
  const name = text(contact.displayName) ?? [text(contact.givenName), text(contact.surname)].filter(Boolean).join(' ');
  return compact({
    kind: 'contact',
    id: String(contact.id ?? ''),
    displayName: name || email || '',
    jobTitle: text(contact.jobTitle),
    companyName: text(contact.companyName),
    email,
    phones: phones(contact.businessPhones, contact.mobilePhone, contact.homePhones),
  });
}

/** An aadUserConversationMember; undefined for members that are not directory users (bots, anonymous guests). */
export function personFromMember(member: Record<string, unknown>): Person | undefined {
  const userId = text(member.userId);
  if (!userId) return undefined;
  const email = text(member.email);
  return compact({ kind: 'user', id: userId, displayName: text(member.displayName) ?? email ?? '', email, phones: [] });
}

/** The member's details completed by the directory user (phones, job title), the user's values winning. */
export function mergePerson(base: Person, fromDirectory: Person): Person {
  return compact({
    ...base,
    displayName: fromDirectory.displayName || base.displayName,
    jobTitle: fromDirectory.jobTitle ?? base.jobTitle,
    companyName: fromDirectory.companyName ?? base.companyName,
    email: fromDirectory.email ?? base.email,
    phones: fromDirectory.phones.length ? fromDirectory.phones : base.phones,
  });
}

/**
 * The `$search` expression for what the user typed: the display name (word starts) or the address
 * (start). Quotes and backslashes are dropped: they would end or escape the clause.
 */
export function directorySearchExpression(query: string): string {
  const term = query.replace(/["\\]/g, ' ').replace(/\s+/g, ' ').trim();
  return `"displayName:${term}" OR "mail:${term}" OR "userPrincipalName:${term}"`;
}
