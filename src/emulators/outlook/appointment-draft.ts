/**
 * The appointment the dev host's form is editing: the one state that the form, the add-in's
 * Office calls and saving to Graph all read and write. Changes are announced with what changed
 * and who changed it, because Outlook tells add-ins about some changes (time, recurrence,
 * recipients, locations) and fires launch events only for the user's own edits.
 */
import type { EmailAddressJson, NotificationJson, RecurrenceJson } from './devhost-bridge';

export interface LocationDetailsJson {
  locationIdentifier: { id: string; type: 'custom' | 'room' };
  displayName: string;
  emailAddress?: string;
  locationType: 'custom' | 'room';
}

export interface AppointmentState {
  subject: string;
  /** Instants (ms since epoch). */
  start: number;
  end: number;
  isAllDay: boolean;
  location: string;
  enhancedLocations: LocationDetailsJson[];
  /** The body as the host holds it (after Outlook's rewriting). */
  bodyHtml: string;
  requiredAttendees: EmailAddressJson[];
  optionalAttendees: EmailAddressJson[];
  recurrence: RecurrenceJson | null;
  /** The add-in's custom properties; undefined until an add-in saved some (then the extended property is written). */
  customProperties: Record<string, unknown> | undefined;
  /** The Graph event id once saved (immutable id). */
  eventId: string | undefined;
  notifications: NotificationJson[];
}

export type ChangeKind =
  | 'subject'
  | 'time'
  | 'allDay'
  | 'location'
  | 'locations'
  | 'body'
  | 'recipients'
  | 'recurrence'
  | 'customProperties'
  | 'saved'
  | 'notifications';

export interface DraftChange {
  kinds: Set<ChangeKind>;
  /** 'user': typed into the form; 'addin': an Office call; 'host': loading or saving. */
  source: 'user' | 'addin' | 'host';
}

export type DraftListener = (state: Readonly<AppointmentState>, change: DraftChange) => void;

function kindsOf(patch: Partial<AppointmentState>): Set<ChangeKind> {
  const kinds = new Set<ChangeKind>();
  if ('subject' in patch) kinds.add('subject');
  if ('start' in patch || 'end' in patch) kinds.add('time');
  if ('isAllDay' in patch) kinds.add('allDay');
  if ('location' in patch) kinds.add('location');
  if ('enhancedLocations' in patch) kinds.add('locations');
  if ('bodyHtml' in patch) kinds.add('body');
  if ('requiredAttendees' in patch || 'optionalAttendees' in patch) kinds.add('recipients');
  if ('recurrence' in patch) kinds.add('recurrence');
  if ('customProperties' in patch) kinds.add('customProperties');
  if ('eventId' in patch) kinds.add('saved');
  if ('notifications' in patch) kinds.add('notifications');
  return kinds;
}

export class AppointmentDraft {
  private current: AppointmentState;
  private readonly listeners: DraftListener[] = [];

  constructor(initial: AppointmentState) {
    this.current = initial;
  }

  get state(): Readonly<AppointmentState> {
    return this.current;
  }

  onChange(listener: DraftListener): void {
    this.listeners.push(listener);
  }

  /** Applies the patch and tells every listener; a patch that changes nothing tells nobody. */
  update(patch: Partial<AppointmentState>, source: DraftChange['source']): void {
    const changed: Partial<AppointmentState> = {};
    for (const key of Object.keys(patch) as Array<keyof AppointmentState>) {
      if (JSON.stringify(patch[key]) !== JSON.stringify(this.current[key])) (changed as Record<string, unknown>)[key] = patch[key];
    }
    const kinds = kindsOf(changed);
    if (kinds.size === 0) return;
    this.current = { ...this.current, ...changed };
    for (const listener of this.listeners) listener(this.current, { kinds, source });
  }
}
