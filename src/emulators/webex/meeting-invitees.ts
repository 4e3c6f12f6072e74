/**
 * Meeting invitees as Webex keeps them (webex-meeting.json, "Invitees": /meetingInvitees and the
 * `invitees` of Create a Meeting): who is invited, whether as an alternate host (`coHost`).
 *
 * - An invitee belongs to a meeting series (invited to every occurrence) or to one scheduled
 *   meeting of it ("if it's a scheduled meeting, the meeting invitee is invited to this individual
 *   scheduled meeting"). A scheduled meeting's list is its series' invitees and its own.
 * - A meeting holds at most 1000 invitees ("The maximum size of invitees is 1000"); a bulk insert
 *   at most 100 items; each email once ("Each invitee should have a unique `email`", a second
 *   invitation answers 409 "Some users in the list have been invited.").
 * - The host is not their own invitee, and only people of the host's Webex organization can be
 *   alternate hosts: the emulator refuses the others (400), so that the product has to offer only
 *   those, and says why.
 * - Personal room meetings take no invitees ("The meeting ID of a scheduled personal room meeting
 *   is not supported for this API").
 */
import { badRequest, WebexError } from './webex-error';
import type { Invitee } from './meeting-input';
import { INVITEES_MAX } from './meeting-input';
import type { MeetingHost } from './meeting-store';
import type { WebexDirectory } from './webex-directory';

export const BULK_INSERT_MAX = 100;

export interface StoredInvitee {
  /** `<seriesId>_<7 digits>`, as Webex's examples shape them. */
  id: string;
  email: string;
  displayName: string;
  coHost: boolean;
  panelist: boolean;
}

/** GetInviteeObject. `meetingId` is the series or scheduled meeting the invitee belongs to. */
export function inviteeJson(invitee: StoredInvitee, meetingId: string): Record<string, unknown> {
  return {
    id: invitee.id,
    email: invitee.email,
    displayName: invitee.displayName,
    coHost: invitee.coHost,
    panelist: invitee.panelist,
    meetingId,
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const DISPLAY_NAME_MAX = 128;

type Json = Record<string, unknown>;

/** One invitee of a request body (CreateInviteeObject, CreateInviteesItemObject, UpdateInviteeObject). */
export function readInvitee(raw: unknown, field = 'invitee'): Invitee & { sendEmail?: boolean } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw badRequest('meetingInvitee.body.invalid', `The ${field} must be a JSON object.`);
  const b = raw as Json;
  if (typeof b.email !== 'string' || !EMAIL.test(b.email.trim()))
    throw badRequest('meetingInvitee.email.invalid', 'Every invitee needs a valid email.');
  for (const key of ['coHost', 'panelist', 'sendEmail'] as const) {
    if (b[key] !== undefined && b[key] !== null && typeof b[key] !== 'boolean') {
      throw badRequest('meeting.field.invalidType', `The value of ${key} must be a boolean.`);
    }
  }
  if (b.displayName !== undefined && b.displayName !== null && typeof b.displayName !== 'string') {
    throw badRequest('meeting.field.invalidType', 'The value of displayName must be a string.');
  }
  if (typeof b.displayName === 'string' && b.displayName.length > DISPLAY_NAME_MAX) {
    throw badRequest('meetingInvitee.displayName.tooLong', `The maximum length of displayName is ${DISPLAY_NAME_MAX} characters.`);
  }
  return {
    email: b.email.trim(),
    ...(typeof b.displayName === 'string' && b.displayName.trim() !== '' ? { displayName: b.displayName } : {}),
    ...(typeof b.coHost === 'boolean' ? { coHost: b.coHost } : {}),
    ...(typeof b.panelist === 'boolean' ? { panelist: b.panelist } : {}),
    ...(typeof b.sendEmail === 'boolean' ? { sendEmail: b.sendEmail } : {}),
  };
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether Webex lets this person be an alternate host of the host's meetings: same organization. */
export function mayBeAlternateHost(directory: WebexDirectory, host: Pick<MeetingHost, 'orgId' | 'email'>, email: string): boolean {
  const person = directory.findPerson(email);
  return person !== undefined && person.orgId === host.orgId && !same(person.email, host.email);
}

export function checkAlternateHost(
  directory: WebexDirectory,
  host: Pick<MeetingHost, 'orgId' | 'email'>,
  invitee: Pick<Invitee, 'email' | 'coHost'>,
): void {
  if (invitee.coHost === true && !mayBeAlternateHost(directory, host, invitee.email)) {
    throw badRequest('meetingInvitee.coHost.notAllowed', 'Only users of the host’s Webex organization can be alternate hosts.');
  }
}

/**
 * Checks invitees about to join `existing` (what the meeting already has): not the host, each
 * email once, at most 1000 in all, alternate hosts allowed. Throws the WebexError Webex answers.
 */
export function checkNewInvitees(
  directory: WebexDirectory,
  host: Pick<MeetingHost, 'orgId' | 'email'>,
  existing: readonly Pick<StoredInvitee, 'email'>[],
  incoming: readonly Invitee[],
): void {
  const seen = new Set(existing.map((i) => i.email.toLowerCase()));
  for (const invitee of incoming) {
    if (same(invitee.email, host.email))
      throw badRequest('meetingInvitee.host', 'The meeting host cannot be invited to their own meeting.');
    const key = invitee.email.toLowerCase();
    if (seen.has(key)) throw new WebexError(409, 'meetingInvitee.exists', 'Some users in the list have been invited.');
    seen.add(key);
    checkAlternateHost(directory, host, invitee);
  }
  if (seen.size > INVITEES_MAX) throw badRequest('meetingInvitee.tooMany', `The maximum size of invitees is ${INVITEES_MAX}.`);
}
