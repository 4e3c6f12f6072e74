/**
 * One string per recurrence meaning, so the sync engine can tell whether a series changed by
 * comparing strings (or their hashes) instead of objects that Graph fills with defaults:
 * - Graph's unused properties and defaults do not count (normalize-recurrence.ts);
 * - day order, day-name case and equivalent spellings ("the 2nd day of the month" vs "day 2") do not count;
 * - time zone names are compared as the IANA zone they mean ("Eastern Standard Time", "US/Eastern"
 *   and "America/New_York" are one zone).
 * Time of day is not part of a recurrence (it is the event's start); the series start date is.
 * The "v1" prefix changes whenever the form does, so stored hashes never match a different form.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { normalizeGraphRecurrence, type NormalizedRecurrence } from './normalize-recurrence';
import { RRULE_DAY } from './graph-to-rrule';
import type { GraphPatternedRecurrence } from './recurrence-types';
import { ianaZoneOf } from './zoned-time';

export const CANONICAL_RECURRENCE_VERSION = 'v1';
/** The canonical form of "no recurrence" (a single meeting). */
export const NO_RECURRENCE = `recurrence/${CANONICAL_RECURRENCE_VERSION};none`;

export interface CanonicalRecurrenceOptions {
  /** Zone to assume when the range names none (e.g. the event's originalStartTimeZone). */
  timeZone?: string;
}

function canonicalZone(name: string | undefined): string | undefined {
  if (name === undefined || name.trim() === '') return undefined;
  const iana = ianaZoneOf(name);
  if (iana === undefined) return `unknown:${name.trim().toLowerCase()}`;
  try {
    // The runtime's own canonical id folds links such as US/Eastern into America/New_York.
    return new Intl.DateTimeFormat('en-US', { timeZone: iana }).resolvedOptions().timeZone;
  } catch {
    return iana;
  }
}

export function canonicalOfNormalized(rule: NormalizedRecurrence, options: CanonicalRecurrenceOptions = {}): string {
  const parts = [`recurrence/${CANONICAL_RECURRENCE_VERSION}`, `TYPE=${rule.type}`, `INTERVAL=${rule.interval}`];
  if (rule.daysOfWeek.length > 0) parts.push(`DAYS=${rule.daysOfWeek.map((d) => RRULE_DAY[d]).join(',')}`);
  if (rule.weekStart !== undefined) parts.push(`WKST=${RRULE_DAY[rule.weekStart]}`);
  if (rule.month !== undefined) parts.push(`MONTH=${rule.month}`);
  if (rule.dayOfMonth !== undefined) parts.push(`DAY=${rule.dayOfMonth}`);
  if (rule.index !== undefined) parts.push(`INDEX=${rule.index}`);
  parts.push(`START=${rule.startDate}`);
  const range = rule.range;
  parts.push(range.type === 'endDate' ? `END=${range.endDate}` : range.type === 'numbered' ? `COUNT=${range.count}` : 'NOEND');
  const zone = canonicalZone(rule.timeZone ?? options.timeZone);
  if (zone !== undefined) parts.push(`TZ=${zone}`);
  return parts.join(';');
}

/**
 * The canonical form of a Graph recurrence (null or undefined: a single meeting). Throws a
 * RecurrenceError (`recurrence_invalid`) for a malformed recurrence.
 */
export function canonicalRecurrence(
  recurrence: GraphPatternedRecurrence | null | undefined,
  options: CanonicalRecurrenceOptions = {},
): string {
  if (recurrence === null || recurrence === undefined) return NO_RECURRENCE;
  return canonicalOfNormalized(normalizeGraphRecurrence(recurrence), options);
}

/**
 * SHA-256 (hex) of the canonical form's UTF-8 bytes: what to store as "the recurrence last synced".
 * Synchronous (this also runs in the add-in, where node:crypto is absent and crypto.subtle is
 * asynchronous); used for change detection, not for secrets.
 */
export function recurrenceHash(recurrence: GraphPatternedRecurrence | null | undefined, options: CanonicalRecurrenceOptions = {}): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalRecurrence(recurrence, options))));
}
