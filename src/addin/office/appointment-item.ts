/// <reference types="office-js" />
/**
 * The appointment being edited (compose mode), through promise wrappers over Office.js. The flows
 * (src/addin/flows) work on this interface, so they never touch `Office` and tests can run them
 * against office-addin-mock.
 *
 * Requirement sets: subject, start, end, location and body are Mailbox 1.1-1.3; recurrence 1.7;
 * enhancedLocation 1.8; isAllDayEvent is newer and missing from many clients, hence `undefined`
 * ("cannot tell") rather than false. Attendees (required and optional) are Mailbox 1.1.
 */
import type { Attendee } from '../../core/invitees';
import type { OfficeRecurrence } from '../../core/recurrence/recurrence-types';
import { officeCall } from './office-call';
import { composeItem, isSetSupported } from './office-context';

export type BodyType = 'html' | 'text';

export interface AppointmentItem {
  getSubject(): Promise<string>;
  getStart(): Promise<Date>;
  getEnd(): Promise<Date>;
  /** True or false where the client says; undefined where it cannot (older requirement sets). */
  getIsAllDay(): Promise<boolean | undefined>;
  /** The series pattern as plain data, or null for a single appointment (and on clients without Mailbox 1.7). */
  getRecurrence(): Promise<OfficeRecurrence | null>;
  /** The required, then the optional attendees (none where the client does not say). */
  getAttendees(): Promise<Attendee[]>;
  getLocation(): Promise<string>;
  setLocation(location: string): Promise<void>;
  /** Whether enhancedLocation (Mailbox 1.8) can be used instead of the location text. */
  supportsEnhancedLocation(): boolean;
  /** Display names of the custom (non-room) locations. */
  getCustomLocations(): Promise<string[]>;
  addCustomLocation(name: string): Promise<void>;
  removeCustomLocation(name: string): Promise<void>;
  getBodyType(): Promise<BodyType>;
  getBody(type: BodyType): Promise<string>;
  setBody(content: string, type: BodyType): Promise<void>;
}

type ComposeItemSource = () => Office.AppointmentCompose;

/** Office.js's SeriesTime hides its values behind getters; the core wants plain data. */
function plainRecurrence(recurrence: Office.Recurrence): OfficeRecurrence {
  const series = recurrence.seriesTime;
  const end = series.getEndDate();
  return {
    recurrenceType: String(recurrence.recurrenceType),
    recurrenceProperties: recurrence.recurrenceProperties
      ? {
          interval: recurrence.recurrenceProperties.interval,
          days: recurrence.recurrenceProperties.days?.map(String),
          dayOfMonth: recurrence.recurrenceProperties.dayOfMonth,
          dayOfWeek:
            recurrence.recurrenceProperties.dayOfWeek === undefined ? undefined : String(recurrence.recurrenceProperties.dayOfWeek),
          weekNumber:
            recurrence.recurrenceProperties.weekNumber === undefined ? undefined : String(recurrence.recurrenceProperties.weekNumber),
          month: recurrence.recurrenceProperties.month === undefined ? undefined : String(recurrence.recurrenceProperties.month),
          firstDayOfWeek:
            recurrence.recurrenceProperties.firstDayOfWeek === undefined
              ? undefined
              : String(recurrence.recurrenceProperties.firstDayOfWeek),
        }
      : null,
    seriesTime: {
      startDate: series.getStartDate(),
      endDate: end === null || end === undefined ? null : end,
      startTime: series.getStartTime(),
      duration: series.getDuration(),
    },
    recurrenceTimeZone: recurrence.recurrenceTimeZone
      ? { name: recurrence.recurrenceTimeZone.name, offset: recurrence.recurrenceTimeZone.offset }
      : null,
  };
}

const CUSTOM_LOCATION = 'custom' as Office.MailboxEnums.LocationType;

export function createAppointmentItem(source: ComposeItemSource = composeItem): AppointmentItem {
  return {
    getSubject: () => officeCall<string>((cb) => source().subject.getAsync(cb)),
    getStart: () => officeCall<Date>((cb) => source().start.getAsync(cb)),
    getEnd: () => officeCall<Date>((cb) => source().end.getAsync(cb)),

    async getIsAllDay() {
      const allDay = (source() as { isAllDayEvent?: { getAsync(cb: (r: Office.AsyncResult<boolean>) => void): void } }).isAllDayEvent;
      if (!allDay || typeof allDay.getAsync !== 'function') return undefined;
      return officeCall<boolean>((cb) => allDay.getAsync(cb));
    },

    async getRecurrence() {
      if (!isSetSupported('Mailbox', '1.7')) return null;
      const item = source();
      if (!item.recurrence) return null;
      const recurrence = await officeCall<Office.Recurrence | null>((cb) => item.recurrence.getAsync(cb));
      return recurrence ? plainRecurrence(recurrence) : null;
    },

    async getAttendees() {
      const item = source();
      const read = async (recipients: Office.Recipients | undefined, type: 'required' | 'optional'): Promise<Attendee[]> => {
        if (!recipients || typeof recipients.getAsync !== 'function') return [];
        const list = await officeCall<Office.EmailAddressDetails[]>((cb) => recipients.getAsync(cb));
        return (list ?? [])
          .filter((r) => typeof r?.emailAddress === 'string' && r.emailAddress !== '')
          .map((r) => ({ email: r.emailAddress, ...(r.displayName ? { displayName: r.displayName } : {}), type }));
      };
      return [...(await read(item.requiredAttendees, 'required')), ...(await read(item.optionalAttendees, 'optional'))];
    },

    getLocation: () => officeCall<string>((cb) => source().location.getAsync(cb)).then((l) => l ?? ''),
    setLocation: (location) => officeCall<void>((cb) => source().location.setAsync(location, cb)),

    supportsEnhancedLocation: () => isSetSupported('Mailbox', '1.8'),
    async getCustomLocations() {
      const details = await officeCall<Office.LocationDetails[]>((cb) => source().enhancedLocation.getAsync(cb));
      return (details ?? []).filter((d) => String(d.locationIdentifier?.type) === CUSTOM_LOCATION).map((d) => d.locationIdentifier.id);
    },
    addCustomLocation: (name) => officeCall<void>((cb) => source().enhancedLocation.addAsync([{ id: name, type: CUSTOM_LOCATION }], cb)),
    removeCustomLocation: (name) =>
      officeCall<void>((cb) => source().enhancedLocation.removeAsync([{ id: name, type: CUSTOM_LOCATION }], cb)),

    async getBodyType() {
      const type = await officeCall<Office.CoercionType>((cb) => source().body.getTypeAsync(cb));
      return String(type).toLowerCase() === 'html' ? 'html' : 'text';
    },
    getBody: (type) => officeCall<string>((cb) => source().body.getAsync(type as Office.CoercionType, cb)).then((b) => b ?? ''),
    setBody: (content, type) =>
      officeCall<void>((cb) => source().body.setAsync(content, { coercionType: type as Office.CoercionType }, cb)),
  };
}
