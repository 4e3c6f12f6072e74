/**
 * The marker the add-in leaves in the appointment's custom properties, naming the Webex meeting
 * it added, so the backend recognizes the event when Graph reports it
 * (docs/architecture.md#service-facts).
 *
 * How Outlook stores custom properties ([MS-OXCEXT] 2.2.5, "Mail App Custom Properties"): all the
 * custom properties of one add-in on one item are a single JSON object of name-value pairs, held
 * in one string named property in PS_PUBLIC_STRINGS {00020329-0000-0000-C000-000000000046} named
 * "cecp-<add-in id>", at most 2,500 characters. Graph exposes it as the single-value extended
 * property `String {00020329-0000-0000-C000-000000000046} Name cecp-<add-in id>`. Our marker is
 * one key (MARKER_PROPERTY_NAME) of that object; the add-in may keep other keys beside it.
 *
 * Some clients write custom properties late (after the body), so the join block in the body is
 * the fallback marker.
 */
import { MarkerError } from './marker-error';

/** The key of our marker inside the add-in's custom properties. */
export const MARKER_PROPERTY_NAME = 'webexMeeting';
/** The current marker format. */
export const MARKER_VERSION = 1;
/** [MS-OXCEXT] 2.2.5: the JSON of all of an add-in's custom properties, at most 2,500 characters. */
export const CUSTOM_PROPERTIES_MAX_LENGTH = 2500;
/** PS_PUBLIC_STRINGS, the property set Outlook keeps add-in custom properties in. */
export const PS_PUBLIC_STRINGS = '{00020329-0000-0000-C000-000000000046}';

export interface MeetingMarker {
  /** Marker format version (MARKER_VERSION when written by this code). */
  version: number;
  /** The Webex meeting id (for a series, the series id). */
  meetingId: string;
  /** For an occurrence's meeting, the series it belongs to. */
  seriesId?: string;
  /** ISO 8601 UTC, when the add-in created the meeting. */
  createdAt: string;
}

export interface BuildMarkerInput {
  meetingId: string;
  seriesId?: string;
  createdAt: Date | string;
  version?: number;
}

const MAX_ID_LENGTH = 512;

function cleanId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.trim();
  const hasControl = [...id].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  return id !== '' && id.length <= MAX_ID_LENGTH && !hasControl ? id : undefined;
}

function isoInstant(value: unknown): string | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date !== undefined && Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
}

/** The marker as a JSON-ready object. Throws MarkerError `marker_invalid` or `marker_too_large`. */
export function buildMarker(input: BuildMarkerInput): MeetingMarker {
  const meetingId = cleanId(input.meetingId);
  if (meetingId === undefined) throw new MarkerError('marker_invalid', 'The marker needs a meeting id.');
  const createdAt = isoInstant(input.createdAt);
  if (createdAt === undefined) throw new MarkerError('marker_invalid', 'The marker needs a creation time.');
  const version = input.version ?? MARKER_VERSION;
  if (!Number.isInteger(version) || version < 1)
    throw new MarkerError('marker_invalid', 'The marker version is not a positive whole number.');
  const marker: MeetingMarker = { version, meetingId, createdAt };
  if (input.seriesId !== undefined) {
    const seriesId = cleanId(input.seriesId);
    if (seriesId === undefined) throw new MarkerError('marker_invalid', 'The series id is not an id.');
    marker.seriesId = seriesId;
  }
  if (JSON.stringify({ [MARKER_PROPERTY_NAME]: marker }).length > CUSTOM_PROPERTIES_MAX_LENGTH) {
    throw new MarkerError('marker_too_large', 'The marker does not fit in the custom properties.');
  }
  return marker;
}

/**
 * Reads a marker from whatever a custom property holds: the object, or its JSON (some clients keep
 * values as strings). Anything else, including newer versions missing what this version needs,
 * gives undefined; never throws.
 */
export function parseMarker(value: unknown): MeetingMarker | undefined {
  let data = value;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  const meetingId = cleanId(record.meetingId);
  const createdAt = isoInstant(record.createdAt);
  const version = record.version;
  if (meetingId === undefined || createdAt === undefined) return undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return undefined;
  const marker: MeetingMarker = { version, meetingId, createdAt };
  const seriesId = cleanId(record.seriesId);
  if (seriesId !== undefined) marker.seriesId = seriesId;
  return marker;
}
