/**
 * A meeting's invitees, from the appointment's attendees. Pure (no I/O, no project imports) so that
 * the add-in, the backend's meeting service and the sync engine make the same list from the same
 * attendees, and compare it the same way.
 *
 * Webex's rules (webex-meeting.json, Create a Meeting `invitees` and /meetingInvitees):
 * - "The maximum size of invitees is 1000": a longer list is refused with 'too_many_invitees',
 *   never cut short (who would be left out?);
 * - "Each invitee should have a unique `email`": addresses are compared without regard to case;
 * - `displayName` "maximum length ... is 128 characters";
 * - `coHost`: "Whether or not the invitee is a designated alternate host".
 *
 * Outlook's attendees include rooms and equipment (resources), and sometimes the organizer; neither
 * is invited to the Webex meeting. Outlook sends the invitation: invitees are always created with
 * `sendEmail: false` (by the Webex client).
 */

export const MAX_INVITEES = 1000;
export const MAX_DISPLAY_NAME_LENGTH = 128;

/** An attendee of the appointment, as Office.js or Graph gives it. */
export interface Attendee {
  email: string;
  displayName?: string;
  /** Graph's attendee type; Office.js's optional attendees are 'optional'. Resources are rooms and equipment. */
  type?: 'required' | 'optional' | 'resource';
}

/** An invitee as the product sends it to Webex. */
export interface Invitee {
  email: string;
  displayName?: string;
  /** An alternate host. */
  coHost: boolean;
}

/** What the add-in sends (in a draft, or to set a meeting's invitees). */
export interface InviteeInput {
  email: string;
  displayName?: string;
  coHost?: boolean;
}

export type InviteeErrorCode = 'invalid_invitees' | 'too_many_invitees';

export type InviteesResult = { ok: true; invitees: Invitee[] } | { ok: false; code: InviteeErrorCode; message: string };

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** The form addresses are compared in: trimmed, lower case. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text.trim());
}

function cleanName(name: string | undefined, email: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const clean = (name ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (clean === '' || emailKey(clean) === emailKey(email)) return undefined;
  return clean.length > MAX_DISPLAY_NAME_LENGTH ? clean.slice(0, MAX_DISPLAY_NAME_LENGTH) : clean;
}

/**
 * The people to invite for these attendees: rooms and equipment left out, `exclude` left out (the
 * organizer, the Webex host), addresses that are not addresses left out, each address once (its
 * first spelling and name kept), in the attendees' order. `alternateHosts` (addresses) become
 * `coHost: true`.
 */
export function inviteesFromAttendees(
  attendees: readonly Attendee[],
  options: { exclude?: readonly (string | undefined)[]; alternateHosts?: readonly string[] } = {},
): Invitee[] {
  const excluded = new Set((options.exclude ?? []).filter((e): e is string => typeof e === 'string' && e !== '').map(emailKey));
  const hosts = new Set((options.alternateHosts ?? []).map(emailKey));
  const seen = new Set<string>();
  const invitees: Invitee[] = [];
  for (const attendee of attendees) {
    if (attendee.type === 'resource' || typeof attendee.email !== 'string' || !isEmailAddress(attendee.email)) continue;
    const key = emailKey(attendee.email);
    if (excluded.has(key) || seen.has(key)) continue;
    seen.add(key);
    const displayName = cleanName(attendee.displayName, attendee.email);
    invitees.push({ email: attendee.email.trim(), ...(displayName ? { displayName } : {}), coHost: hosts.has(key) });
  }
  return invitees;
}

/**
 * What the fingerprint of an attendee set is taken of: the addresses, in lower case, sorted, one a
 * line. Names and alternate hosts are not part of it: a renamed attendee is the same invitee.
 */
export function attendeeSetText(invitees: readonly Pick<Invitee, 'email'>[]): string {
  return [...new Set(invitees.map((i) => emailKey(i.email)))].sort().join('\n');
}

/** Checks invitees the add-in sent (a JSON value): each a valid address, each once, at most 1000. */
export function parseInvitees(raw: unknown): InviteesResult {
  if (raw === undefined || raw === null) return { ok: true, invitees: [] };
  if (!Array.isArray(raw)) return { ok: false, code: 'invalid_invitees', message: 'Invitees must be a list.' };
  const invitees: Invitee[] = [];
  const seen = new Set<string>();
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return { ok: false, code: 'invalid_invitees', message: 'Each invitee must be an object.' };
    const { email, displayName, coHost, ...rest } = item as Record<string, unknown>;
    if (Object.keys(rest).length > 0)
      return { ok: false, code: 'invalid_invitees', message: `"${Object.keys(rest)[0]}" is not part of an invitee.` };
    if (typeof email !== 'string' || !isEmailAddress(email))
      return { ok: false, code: 'invalid_invitees', message: 'Each invitee needs a valid e-mail address.' };
    if (displayName !== undefined && typeof displayName !== 'string')
      return { ok: false, code: 'invalid_invitees', message: 'An invitee’s name must be text.' };
    if (coHost !== undefined && typeof coHost !== 'boolean')
      return { ok: false, code: 'invalid_invitees', message: '"coHost" must be true or false.' };
    const key = emailKey(email);
    if (seen.has(key)) continue;
    seen.add(key);
    const name = cleanName(displayName, email);
    invitees.push({ email: email.trim(), ...(name ? { displayName: name } : {}), coHost: coHost === true });
  }
  if (invitees.length > MAX_INVITEES) {
    return { ok: false, code: 'too_many_invitees', message: `Webex invites at most ${MAX_INVITEES} people to a meeting.` };
  }
  return { ok: true, invitees };
}

/** A Webex invitee as listed (GetInviteeObject): its id, and the meeting it belongs to. */
export interface ListedInvitee {
  id: string;
  email: string;
  coHost?: boolean;
  meetingId?: string;
}

export interface InviteeChanges<T extends ListedInvitee> {
  /** Not invited yet. */
  add: Invitee[];
  /** Invited, no longer wanted. */
  remove: T[];
  /** Invited, with another alternate-host flag wanted. */
  update: { invitee: T; coHost: boolean }[];
}

/**
 * What to change so that Webex's invitees are `wanted`. Listed invitees that belong to another
 * meeting than `meetingId` (a scheduled meeting lists its series' invitees too) are never removed:
 * Webex removes those from the whole series. With `keepCoHost`, the alternate-host flags Webex has
 * are left as they are (the sync engine follows attendees; the organizer chooses alternate hosts).
 */
export function inviteeChanges<T extends ListedInvitee>(
  listed: readonly T[],
  wanted: readonly Invitee[],
  options: { meetingId?: string; keepCoHost?: boolean } = {},
): InviteeChanges<T> {
  const byEmail = new Map(listed.map((i) => [emailKey(i.email), i]));
  const wantedKeys = new Set(wanted.map((w) => emailKey(w.email)));
  const changes: InviteeChanges<T> = { add: [], remove: [], update: [] };
  for (const w of wanted) {
    const present = byEmail.get(emailKey(w.email));
    if (!present) changes.add.push(w);
    else if (!options.keepCoHost && (present.coHost === true) !== w.coHost) changes.update.push({ invitee: present, coHost: w.coHost });
  }
  for (const l of listed) {
    if (wantedKeys.has(emailKey(l.email))) continue;
    if (options.meetingId !== undefined && l.meetingId !== undefined && l.meetingId !== options.meetingId) continue;
    changes.remove.push(l);
  }
  return changes;
}
