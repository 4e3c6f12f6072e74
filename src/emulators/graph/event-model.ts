/**
 * How the emulator keeps a calendar event: times as instants plus the zone they were given in,
 * everything else in Graph's own shapes. Series masters, occurrences and exceptions share this
 * model (type, seriesMasterKey, originalStart) so that recurrence can be added without a new store.
 */
import type { LocalDateTime } from './time-zones';

export type EventType = 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';

export interface EventTime {
  instant: number;
  /** The zone name as the caller gave it (Windows or IANA); Graph reports it in originalStartTimeZone. */
  timeZone: string;
  iana: string;
  /** Wall-clock time in that zone; all-day events are floating and keep only this. */
  local: LocalDateTime;
}

export interface ItemBody {
  contentType: 'text' | 'html';
  content: string;
}

export interface ExtendedProperty {
  /** Canonical id (see extended-property-id.ts). */
  id: string;
  value: string;
}

export type JsonObject = Record<string, unknown>;

/** The fields a client can write (directly or through derived values). */
export interface EventFields {
  subject: string;
  body: ItemBody;
  start: EventTime;
  end: EventTime;
  isAllDay: boolean;
  location: JsonObject;
  locations: JsonObject[];
  attendees: JsonObject[];
  recurrence: JsonObject | null;
  categories: string[];
  importance: 'low' | 'normal' | 'high';
  sensitivity: 'normal' | 'personal' | 'private' | 'confidential';
  showAs: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
  reminderMinutesBeforeStart: number;
  isReminderOn: boolean;
  responseRequested: boolean;
  allowNewTimeProposals: boolean;
  hideAttendees: boolean;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: string;
  onlineMeeting: JsonObject | null;
  isCancelled: boolean;
  isDraft: boolean;
  transactionId: string | null;
  extendedProperties: ExtendedProperty[];
}

/** The fields the service owns. */
export interface EventSystemFields {
  /** 16 bytes of hex; both id forms wrap it (event-ids.ts). */
  key: string;
  /** The owner's object id. */
  mailboxId: string;
  tenantId: string;
  type: EventType;
  seriesMasterKey: string | null;
  /** For occurrences and exceptions: the start the series gave this instance. */
  originalStart: number | null;
  /** For a series master: the original starts of the occurrences that were deleted. */
  cancelledOccurrences: number[];
  createdAt: number;
  lastModifiedAt: number;
  changeKey: string;
  iCalUId: string;
}

export type StoredEvent = EventFields & EventSystemFields;
