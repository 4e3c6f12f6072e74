/**
 * Webex request bodies the sync engine derives from an event. Pure.
 *
 * - patchToMatch: on first sight of an event, what to change in the meeting the add-in created
 *   (the user may have moved the appointment or changed its subject before saving it);
 * - copyCreateBody: a new meeting for a copied event, with the source meeting's options;
 * - copyTagOf: the integration tag that names the copy's meeting, so that a job retried after a
 *   crash finds the meeting it created instead of creating a second one.
 */
import { createHash } from 'node:crypto';
import type { Invitee } from '../../core/invitees';
import { normalizeRecurrenceRule } from '../../core/meeting-draft';
import { formatInTimeZone } from '../../core/time-zones';
import { INTEGRATION_TAG } from '../meetings/webex-meeting-mapping';
import type { WebexCreateMeetingRequest, WebexMeeting } from '../webex';
import type { ObservedEvent } from './event-observation';
import type { MeetingPatch } from './reconcile';

const minuteOf = (ms: number): number => Math.floor(ms / 60_000);

function sameMinute(a: Date, text: string | undefined): boolean {
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  return !Number.isNaN(ms) && minuteOf(a.getTime()) === minuteOf(ms);
}

function canonicalRule(rule: string | null | undefined): string | null {
  if (rule === undefined || rule === null || rule.trim() === '') return null;
  const normalized = normalizeRecurrenceRule(rule);
  return normalized.ok ? normalized.rule : rule.trim().toUpperCase();
}

function eventRule(event: ObservedEvent): string | null {
  return event.type === 'seriesMaster' && event.recurrence && 'rrule' in event.recurrence ? event.recurrence.rrule : null;
}

/** What to PATCH so that the meeting says what the event says; empty when it already does. */
export function patchToMatch(
  event: ObservedEvent,
  meeting: Pick<WebexMeeting, 'title' | 'start' | 'end' | 'timezone' | 'recurrence'>,
): MeetingPatch {
  const patch: MeetingPatch = {};
  const rule = eventRule(event);
  const ruleDiffers = canonicalRule(rule) !== canonicalRule(meeting.recurrence);
  const zoneMatters = rule !== null || ruleDiffers;
  if (
    !sameMinute(event.start, meeting.start) ||
    !sameMinute(event.end, meeting.end) ||
    ruleDiffers ||
    (zoneMatters && meeting.timezone !== event.timeZone)
  ) {
    patch.start = formatInTimeZone(event.start, event.timeZone);
    patch.end = formatInTimeZone(event.end, event.timeZone);
    patch.timezone = event.timeZone;
  }
  if (ruleDiffers) patch.recurrence = rule;
  if (meeting.title !== event.title) patch.title = event.title;
  return patch;
}

/** Integration tag of the meeting made for one copied event: ids hashed, so the tag names nobody. */
export function copyTagOf(tenantId: string, userId: string, eventId: string): string {
  const digest = createHash('sha256').update(`${tenantId}\n${userId.toLowerCase()}\n${eventId}`, 'utf8').digest('base64url');
  // Webex allows tags of 64 characters.
  return `wso-copy-${digest.slice(0, 43)}`;
}

export type CopySource = Pick<
  WebexMeeting,
  | 'scheduledType'
  | 'enabledJoinBeforeHost'
  | 'joinBeforeHostMinutes'
  | 'excludePassword'
  | 'publicMeeting'
  | 'reminderTime'
  | 'audioConnectionOptions'
  | 'unlockedMeetingJoinSecurity'
> & { enabledAutoRecordMeeting?: boolean; siteUrl?: string };

/**
 * The meeting for a copied event: its own time, subject, recurrence and attendees (as invitees, none
 * an alternate host), the source meeting's options.
 */
export function copyCreateBody(
  event: ObservedEvent,
  source: CopySource,
  copyTag: string,
  invitees: readonly Invitee[] = [],
): WebexCreateMeetingRequest {
  const personalRoom = source.scheduledType === 'personalRoomMeeting';
  const rule = eventRule(event);
  return {
    title: event.title,
    start: formatInTimeZone(event.start, event.timeZone),
    end: formatInTimeZone(event.end, event.timeZone),
    timezone: event.timeZone,
    ...(rule !== null ? { recurrence: rule } : {}),
    scheduledType: personalRoom ? 'personalRoomMeeting' : 'meeting',
    enabledJoinBeforeHost: source.enabledJoinBeforeHost === true,
    ...(source.enabledJoinBeforeHost === true && source.joinBeforeHostMinutes !== undefined
      ? { joinBeforeHostMinutes: source.joinBeforeHostMinutes }
      : {}),
    ...(source.excludePassword !== undefined ? { excludePassword: source.excludePassword } : {}),
    // The copy goes on the same site, with the same audio and lobby.
    ...(source.siteUrl ? { siteUrl: source.siteUrl } : {}),
    ...(source.audioConnectionOptions?.audioConnectionType
      ? {
          audioConnectionOptions: {
            audioConnectionType: source.audioConnectionOptions.audioConnectionType,
            ...(source.audioConnectionOptions.enabledTollFreeCallIn !== undefined
              ? { enabledTollFreeCallIn: source.audioConnectionOptions.enabledTollFreeCallIn }
              : {}),
            ...(source.audioConnectionOptions.enabledGlobalCallIn !== undefined
              ? { enabledGlobalCallIn: source.audioConnectionOptions.enabledGlobalCallIn }
              : {}),
          },
        }
      : {}),
    ...(source.unlockedMeetingJoinSecurity ? { unlockedMeetingJoinSecurity: source.unlockedMeetingJoinSecurity } : {}),
    // Webex supports neither for personal room meetings.
    ...(personalRoom
      ? {}
      : { enabledAutoRecordMeeting: source.enabledAutoRecordMeeting === true, integrationTags: [INTEGRATION_TAG, copyTag] }),
    // Personal room meetings keep no invitees.
    ...(personalRoom || invitees.length === 0
      ? {}
      : { invitees: invitees.map((i) => ({ email: i.email, ...(i.displayName ? { displayName: i.displayName } : {}), coHost: false })) }),
    sendEmail: false,
  };
}
