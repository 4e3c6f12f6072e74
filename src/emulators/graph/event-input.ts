/**
 * Reading a client's event body (POST and PATCH) the way Graph does: unknown properties and wrong
 * JSON types are RequestBodyRead errors, read-only properties are ignored, times are read in the
 * zone given with them (an unknown zone is TimeZoneNotSupportedException), and the result is merged
 * onto the stored event and checked as a whole (end not before start; all-day events on midnight).
 */
import { canonicalExtendedPropertyId } from './extended-property-id';
import { GraphApiError } from './graph-error';
import type { EventFields, EventTime, ExtendedProperty, ItemBody, JsonObject } from './event-model';
import { instantOfParsed, isMidnight, localOf, parseGraphDateTime, resolveTimeZone } from './time-zones';

/** What one request asks to change; absent properties stay as they are. */
export type EventInput = Partial<Omit<EventFields, 'extendedProperties'>> & {
  /** Added or replaced by id; other stored properties stay. */
  extendedProperties?: ExtendedProperty[];
};

const READ_ONLY = new Set(
  [
    'id',
    'createdDateTime',
    'lastModifiedDateTime',
    'changeKey',
    'iCalUId',
    'uid',
    'hasAttachments',
    'bodyPreview',
    'isOrganizer',
    'seriesMasterId',
    'type',
    'webLink',
    'onlineMeetingUrl',
    'originalStartTimeZone',
    'originalEndTimeZone',
    'originalStart',
    'occurrenceId',
    'responseStatus',
    'organizer',
    'multiValueExtendedProperties',
    'attachments',
    'extensions',
    'calendar',
    'instances',
    'exceptionOccurrences',
    'cancelledOccurrences',
  ].map((p) => p.toLowerCase()),
);

const ENUMS = {
  importance: ['low', 'normal', 'high'],
  sensitivity: ['normal', 'personal', 'private', 'confidential'],
  showAs: ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'],
  onlineMeetingProvider: ['unknown', 'teamsForBusiness', 'skypeForBusiness', 'skypeForConsumer'],
  bodyType: ['text', 'html'],
  attendeeType: ['required', 'optional', 'resource'],
  locationType: [
    'default',
    'conferenceRoom',
    'homeAddress',
    'businessAddress',
    'geoCoordinates',
    'streetAddress',
    'hotel',
    'restaurant',
    'localBusiness',
    'postalAddress',
  ],
  patternType: ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly'],
  rangeType: ['endDate', 'noEnd', 'numbered'],
  dayOfWeek: ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'],
  weekIndex: ['first', 'second', 'third', 'fourth', 'last'],
} as const;

function bodyRead(message: string): GraphApiError {
  return new GraphApiError(400, 'RequestBodyRead', message);
}

function invalidRequest(message: string): GraphApiError {
  return new GraphApiError(400, 'ErrorInvalidRequest', message);
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, name: string, nullable = false): string | null {
  if (v === null && nullable) return null;
  if (typeof v !== 'string') throw bodyRead(`Cannot convert the value of '${name}' to the expected type 'Edm.String'.`);
  return v;
}

function bool(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw bodyRead(`Cannot convert the value of '${name}' to the expected type 'Edm.Boolean'.`);
  return v;
}

function int(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw bodyRead(`Cannot convert the value of '${name}' to the expected type 'Edm.Int32'.`);
  return v;
}

function enumValue<T extends string>(v: unknown, name: string, allowed: readonly T[]): T {
  const s = str(v, name) as string;
  const found = allowed.find((a) => a.toLowerCase() === s.toLowerCase());
  if (!found) throw bodyRead(`Requested value '${s}' was not found for '${name}'.`);
  return found;
}

function obj(v: unknown, name: string): JsonObject {
  if (!isObject(v)) throw bodyRead(`A JSON object was expected for '${name}'.`);
  return v;
}

function arr(v: unknown, name: string): unknown[] {
  if (!Array.isArray(v)) throw bodyRead(`A JSON array was expected for '${name}'.`);
  return v;
}

/** Rejects properties the type does not have, as OData does. */
function onlyKnown(o: JsonObject, type: string, known: readonly string[]): void {
  const lower = new Set(known.map((k) => k.toLowerCase()));
  for (const key of Object.keys(o)) {
    if (key.startsWith('@odata.') || key.includes('@odata.')) continue;
    if (!lower.has(key.toLowerCase())) {
      throw bodyRead(
        `The property '${key}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
  }
}

/** Property lookup that tolerates the casing differences Graph tolerates. */
function prop(o: JsonObject, name: string): unknown {
  if (name in o) return o[name];
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : o[key];
}

function has(o: JsonObject, name: string): boolean {
  return prop(o, name) !== undefined;
}

function readTime(v: unknown, name: string): EventTime {
  const o = obj(v, name);
  onlyKnown(o, 'microsoft.graph.dateTimeTimeZone', ['dateTime', 'timeZone']);
  const zoneName = prop(o, 'timeZone');
  const zone = typeof zoneName === 'string' ? resolveTimeZone(zoneName) : undefined;
  if (!zone) {
    const shown = typeof zoneName === 'string' ? zoneName : '';
    throw new GraphApiError(
      400,
      'TimeZoneNotSupportedException',
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${shown}'.`,
    );
  }
  const text = prop(o, 'dateTime');
  const parsed = typeof text === 'string' ? parseGraphDateTime(text) : undefined;
  if (!parsed) throw new GraphApiError(400, 'UnableToDeserializePostBody', `were unable to deserialize ${name}.dateTime`);
  const instant = instantOfParsed(parsed, zone.iana);
  // A dateTime with its own offset names an instant; its wall clock is then the zone's.
  const local = parsed.offsetMinutes === undefined ? parsed.local : localOf(instant, zone.iana);
  return { instant, timeZone: zone.name, iana: zone.iana, local };
}

function wrapHtml(content: string): string {
  if (/<html[\s>]/i.test(content)) return content;
  return `<html><head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n${content}\r\n</body>\r\n</html>\r\n`;
}

function readBody(v: unknown): ItemBody {
  const o = obj(v, 'body');
  onlyKnown(o, 'microsoft.graph.itemBody', ['contentType', 'content']);
  const contentType = has(o, 'contentType') ? enumValue(prop(o, 'contentType'), 'contentType', ENUMS.bodyType) : 'text';
  const content = (has(o, 'content') ? str(prop(o, 'content'), 'content', true) : '') ?? '';
  // Exchange keeps HTML bodies as whole documents and answers with them that way.
  return { contentType, content: contentType === 'html' ? wrapHtml(content) : content };
}

const LOCATION_PROPS = [
  'displayName',
  'locationType',
  'uniqueId',
  'uniqueIdType',
  'locationUri',
  'locationEmailAddress',
  'address',
  'coordinates',
] as const;

/** A location as Graph returns it: plain text locations get a private unique id equal to their name. */
export function readLocation(v: unknown, name: string): JsonObject {
  const o = obj(v, name);
  onlyKnown(o, 'microsoft.graph.location', LOCATION_PROPS);
  const displayName = (has(o, 'displayName') ? str(prop(o, 'displayName'), 'displayName', true) : '') ?? '';
  const loc: JsonObject = {
    displayName,
    locationType: has(o, 'locationType') ? enumValue(prop(o, 'locationType'), 'locationType', ENUMS.locationType) : 'default',
  };
  if (has(o, 'locationUri')) loc.locationUri = str(prop(o, 'locationUri'), 'locationUri', true);
  if (has(o, 'locationEmailAddress')) loc.locationEmailAddress = str(prop(o, 'locationEmailAddress'), 'locationEmailAddress', true);
  if (displayName === '') {
    loc.uniqueIdType = 'unknown';
  } else {
    loc.uniqueId = has(o, 'uniqueId') ? str(prop(o, 'uniqueId'), 'uniqueId', true) : displayName;
    loc.uniqueIdType = has(o, 'uniqueIdType') ? str(prop(o, 'uniqueIdType'), 'uniqueIdType') : 'private';
  }
  loc.address = has(o, 'address') ? obj(prop(o, 'address'), 'address') : {};
  loc.coordinates = has(o, 'coordinates') ? obj(prop(o, 'coordinates'), 'coordinates') : {};
  return loc;
}

export const EMPTY_LOCATION: JsonObject = {
  displayName: '',
  locationType: 'default',
  uniqueIdType: 'unknown',
  address: {},
  coordinates: {},
};

function readEmailAddress(v: unknown, name: string): JsonObject {
  const o = obj(v, name);
  onlyKnown(o, 'microsoft.graph.emailAddress', ['name', 'address']);
  const address = has(o, 'address') ? str(prop(o, 'address'), 'address', true) : null;
  const display = has(o, 'name') ? str(prop(o, 'name'), 'name', true) : null;
  return { name: display ?? address ?? '', address: address ?? '' };
}

function readAttendee(v: unknown): JsonObject {
  const o = obj(v, 'attendees');
  onlyKnown(o, 'microsoft.graph.attendee', ['emailAddress', 'type', 'status', 'proposedNewTime']);
  if (!has(o, 'emailAddress')) throw new GraphApiError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.');
  return {
    type: has(o, 'type') ? enumValue(prop(o, 'type'), 'type', ENUMS.attendeeType) : 'required',
    status: { response: 'none', time: '0001-01-01T00:00:00Z' },
    emailAddress: readEmailAddress(prop(o, 'emailAddress'), 'emailAddress'),
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A recurrence as Graph returns it: every pattern and range field present, defaults filled. */
function readRecurrence(v: unknown, startTimeZone: string | undefined): JsonObject | null {
  if (v === null) return null;
  const o = obj(v, 'recurrence');
  onlyKnown(o, 'microsoft.graph.patternedRecurrence', ['pattern', 'range']);
  const p = obj(prop(o, 'pattern'), 'pattern');
  onlyKnown(p, 'microsoft.graph.recurrencePattern', ['type', 'interval', 'month', 'dayOfMonth', 'daysOfWeek', 'firstDayOfWeek', 'index']);
  const r = obj(prop(o, 'range'), 'range');
  onlyKnown(r, 'microsoft.graph.recurrenceRange', ['type', 'startDate', 'endDate', 'recurrenceTimeZone', 'numberOfOccurrences']);
  const type = enumValue(prop(p, 'type'), 'type', ENUMS.patternType);
  const pattern = {
    type,
    interval: has(p, 'interval') ? int(prop(p, 'interval'), 'interval') : 1,
    month: has(p, 'month') ? int(prop(p, 'month'), 'month') : 0,
    dayOfMonth: has(p, 'dayOfMonth') ? int(prop(p, 'dayOfMonth'), 'dayOfMonth') : 0,
    daysOfWeek: has(p, 'daysOfWeek')
      ? arr(prop(p, 'daysOfWeek'), 'daysOfWeek').map((d) => enumValue(d, 'daysOfWeek', ENUMS.dayOfWeek))
      : [],
    firstDayOfWeek: has(p, 'firstDayOfWeek') ? enumValue(prop(p, 'firstDayOfWeek'), 'firstDayOfWeek', ENUMS.dayOfWeek) : 'sunday',
    index: has(p, 'index') ? enumValue(prop(p, 'index'), 'index', ENUMS.weekIndex) : 'first',
  };
  if (pattern.interval < 1) throw invalidRequest('The recurrence pattern interval must be at least 1.');
  if ((type === 'weekly' || type.startsWith('relative')) && pattern.daysOfWeek.length === 0) {
    throw invalidRequest(`A ${type} recurrence pattern needs daysOfWeek.`);
  }
  if (type.startsWith('absolute') && (pattern.dayOfMonth < 1 || pattern.dayOfMonth > 31)) {
    throw invalidRequest(`An ${type} recurrence pattern needs dayOfMonth between 1 and 31.`);
  }
  if (type.endsWith('Yearly') && (pattern.month < 1 || pattern.month > 12))
    throw invalidRequest(`A ${type} recurrence pattern needs month between 1 and 12.`);
  const rangeType = enumValue(prop(r, 'type'), 'type', ENUMS.rangeType);
  const startDate = str(prop(r, 'startDate'), 'startDate');
  if (!startDate || !DATE_ONLY.test(startDate)) throw invalidRequest('The recurrence range needs startDate as yyyy-MM-dd.');
  const endDate = has(r, 'endDate') ? str(prop(r, 'endDate'), 'endDate', true) : null;
  if (rangeType === 'endDate' && (!endDate || !DATE_ONLY.test(endDate) || endDate < startDate)) {
    throw invalidRequest('An endDate recurrence range needs endDate as yyyy-MM-dd, not before startDate.');
  }
  const numberOfOccurrences = has(r, 'numberOfOccurrences') ? int(prop(r, 'numberOfOccurrences'), 'numberOfOccurrences') : 0;
  if (rangeType === 'numbered' && numberOfOccurrences < 1)
    throw invalidRequest('A numbered recurrence range needs numberOfOccurrences of at least 1.');
  const zone = has(r, 'recurrenceTimeZone') ? str(prop(r, 'recurrenceTimeZone'), 'recurrenceTimeZone', true) : null;
  return {
    pattern,
    range: {
      type: rangeType,
      startDate,
      endDate: rangeType === 'endDate' ? endDate : '0001-01-01',
      // Without a zone of its own the series takes the event's start zone (filled in by withSeriesZone).
      recurrenceTimeZone: zone ?? startTimeZone ?? '',
      numberOfOccurrences: rangeType === 'numbered' ? numberOfOccurrences : 0,
    },
  };
}

function readExtendedProperties(v: unknown): ExtendedProperty[] {
  return arr(v, 'singleValueExtendedProperties').map((item) => {
    const o = obj(item, 'singleValueExtendedProperties');
    onlyKnown(o, 'microsoft.graph.singleValueLegacyExtendedProperty', ['id', 'value']);
    const rawId = prop(o, 'id');
    const id = typeof rawId === 'string' ? canonicalExtendedPropertyId(rawId) : undefined;
    if (!id) throw new GraphApiError(400, 'ErrorInvalidExtendedProperty', 'The extended property attribute combination is invalid.');
    const value = prop(o, 'value');
    if (typeof value !== 'string')
      throw new GraphApiError(400, 'ErrorInvalidExtendedPropertyValue', 'The extended property value is invalid.');
    return { id, value };
  });
}

const WRITABLE = [
  'subject',
  'body',
  'start',
  'end',
  'isAllDay',
  'location',
  'locations',
  'attendees',
  'recurrence',
  'categories',
  'importance',
  'sensitivity',
  'showAs',
  'reminderMinutesBeforeStart',
  'isReminderOn',
  'responseRequested',
  'allowNewTimeProposals',
  'hideAttendees',
  'isOnlineMeeting',
  'onlineMeetingProvider',
  'onlineMeeting',
  'isCancelled',
  'isDraft',
  'transactionId',
  'singleValueExtendedProperties',
] as const;

/** Reads a POST or PATCH body; throws GraphApiError for what Graph rejects. */
export function parseEventInput(body: unknown): EventInput {
  if (!isObject(body)) throw bodyRead('A JSON object was expected for the request body of type microsoft.graph.event.');
  const writableLower = new Set<string>(WRITABLE.map((w) => w.toLowerCase()));
  for (const key of Object.keys(body)) {
    if (key.includes('@odata.')) continue;
    const lower = key.toLowerCase();
    if (!writableLower.has(lower) && !READ_ONLY.has(lower)) {
      throw bodyRead(
        `The property '${key}' does not exist on type 'microsoft.graph.event'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
  }
  const input: EventInput = {};
  const get = (name: string) => prop(body, name);
  if (has(body, 'subject') || get('subject') === null) input.subject = str(get('subject'), 'subject', true) ?? '';
  if (has(body, 'body')) input.body = readBody(get('body'));
  if (has(body, 'start')) input.start = readTime(get('start'), 'start');
  if (has(body, 'end')) input.end = readTime(get('end'), 'end');
  if (has(body, 'isAllDay')) input.isAllDay = bool(get('isAllDay'), 'isAllDay');
  if (has(body, 'location')) input.location = get('location') === null ? { ...EMPTY_LOCATION } : readLocation(get('location'), 'location');
  if (has(body, 'locations')) input.locations = arr(get('locations'), 'locations').map((l) => readLocation(l, 'locations'));
  if (has(body, 'attendees')) input.attendees = arr(get('attendees'), 'attendees').map(readAttendee);
  if (has(body, 'recurrence') || get('recurrence') === null)
    input.recurrence = readRecurrence(get('recurrence') ?? null, input.start?.timeZone);
  if (has(body, 'categories')) input.categories = arr(get('categories'), 'categories').map((c) => str(c, 'categories') as string);
  if (has(body, 'importance')) input.importance = enumValue(get('importance'), 'importance', ENUMS.importance);
  if (has(body, 'sensitivity')) input.sensitivity = enumValue(get('sensitivity'), 'sensitivity', ENUMS.sensitivity);
  if (has(body, 'showAs')) input.showAs = enumValue(get('showAs'), 'showAs', ENUMS.showAs);
  if (has(body, 'reminderMinutesBeforeStart'))
    input.reminderMinutesBeforeStart = int(get('reminderMinutesBeforeStart'), 'reminderMinutesBeforeStart');
  for (const flag of [
    'isReminderOn',
    'responseRequested',
    'allowNewTimeProposals',
    'hideAttendees',
    'isOnlineMeeting',
    'isCancelled',
    'isDraft',
  ] as const) {
    if (has(body, flag)) input[flag] = bool(get(flag), flag);
  }
  if (has(body, 'onlineMeetingProvider')) {
    input.onlineMeetingProvider = enumValue(get('onlineMeetingProvider'), 'onlineMeetingProvider', ENUMS.onlineMeetingProvider);
  }
  if (has(body, 'onlineMeeting') || get('onlineMeeting') === null) {
    input.onlineMeeting = get('onlineMeeting') === null ? null : obj(get('onlineMeeting'), 'onlineMeeting');
  }
  if (has(body, 'transactionId') || get('transactionId') === null) input.transactionId = str(get('transactionId'), 'transactionId', true);
  if (has(body, 'singleValueExtendedProperties')) input.extendedProperties = readExtendedProperties(get('singleValueExtendedProperties'));
  return input;
}

/** A new event from a POST body, with Graph's defaults for what the body leaves out. */
export function newEventFields(input: EventInput): EventFields {
  if (!input.start || !input.end) {
    const missing = input.start ? 'end' : 'start';
    throw new GraphApiError(400, 'ErrorPropertyValidationFailure', `At least one property failed validation: ${missing} is required.`);
  }
  const location = input.location ?? (input.locations?.[0] ? { ...input.locations[0] } : { ...EMPTY_LOCATION });
  const locations = input.locations ?? (location.displayName ? [{ ...location }] : []);
  const fields: EventFields = {
    subject: input.subject ?? '',
    body: input.body ?? { contentType: 'html', content: '' },
    start: input.start,
    end: input.end,
    isAllDay: input.isAllDay ?? false,
    location,
    locations,
    attendees: input.attendees ?? [],
    recurrence: input.recurrence ?? null,
    categories: input.categories ?? [],
    importance: input.importance ?? 'normal',
    sensitivity: input.sensitivity ?? 'normal',
    showAs: input.showAs ?? 'busy',
    reminderMinutesBeforeStart: input.reminderMinutesBeforeStart ?? 15,
    isReminderOn: input.isReminderOn ?? true,
    responseRequested: input.responseRequested ?? true,
    allowNewTimeProposals: input.allowNewTimeProposals ?? true,
    hideAttendees: input.hideAttendees ?? false,
    isOnlineMeeting: input.isOnlineMeeting ?? false,
    onlineMeetingProvider: input.onlineMeetingProvider ?? 'unknown',
    onlineMeeting: input.onlineMeeting ?? null,
    isCancelled: input.isCancelled ?? false,
    isDraft: input.isDraft ?? false,
    transactionId: input.transactionId ?? null,
    extendedProperties: mergeExtendedProperties([], input.extendedProperties ?? []),
  };
  checkEventFields(fields);
  return withSeriesZone(fields);
}

/** A recurrence given without recurrenceTimeZone (and without start in the same body) takes the event's zone. */
function withSeriesZone(fields: EventFields): EventFields {
  const range = fields.recurrence?.range as JsonObject | undefined;
  if (!fields.recurrence || !range || range.recurrenceTimeZone !== '') return fields;
  return { ...fields, recurrence: { ...fields.recurrence, range: { ...range, recurrenceTimeZone: fields.start.timeZone } } };
}

function mergeExtendedProperties(current: ExtendedProperty[], changes: ExtendedProperty[]): ExtendedProperty[] {
  const merged = current.map((p) => ({ ...p }));
  for (const change of changes) {
    const existing = merged.find((p) => p.id === change.id);
    if (existing) existing.value = change.value;
    else merged.push({ ...change });
  }
  return merged;
}

/** The stored fields after a PATCH. */
export function applyEventInput(current: EventFields, input: EventInput): EventFields {
  const { extendedProperties, ...rest } = input;
  const next: EventFields = {
    ...current,
    ...rest,
    extendedProperties: mergeExtendedProperties(current.extendedProperties, extendedProperties ?? []),
  };
  if (input.location && !input.locations) next.locations = input.location.displayName ? [{ ...input.location }] : [];
  if (input.locations && !input.location) next.location = input.locations[0] ? { ...input.locations[0] } : { ...EMPTY_LOCATION };
  if (next.recurrence && input.start && !input.recurrence) {
    const range = next.recurrence.range as JsonObject;
    next.recurrence = { ...next.recurrence, range: { ...range, recurrenceTimeZone: input.start.timeZone } };
  }
  checkEventFields(next);
  return withSeriesZone(next);
}

/** The rules Graph applies to an event as a whole. */
export function checkEventFields(fields: EventFields): void {
  if (fields.end.instant < fields.start.instant) throw invalidRequest('The end time of the event must not be before its start time.');
  if (fields.isAllDay) {
    const days = (t: EventTime) => Date.UTC(t.local.year, t.local.month - 1, t.local.day) / 86_400_000;
    if (!isMidnight(fields.start.local) || !isMidnight(fields.end.local) || days(fields.end) - days(fields.start) < 1) {
      throw invalidRequest('An all-day event must start and end at midnight and last at least one day.');
    }
  }
}
