/** Recurrence conversions: Office.js -> Graph patternedRecurrence <-> Webex RRULE, canonical form and hash. */
export * from './recurrence-types';
export { RecurrenceError, type RecurrenceErrorCode } from './recurrence-error';
export { officeToGraphRecurrence, officeSeriesAnchor } from './office-to-graph';
export { graphToRrule, type GraphToRruleOptions } from './graph-to-rrule';
export { rruleToGraph, type RruleAnchor } from './rrule-to-graph';
export {
  canonicalRecurrence,
  recurrenceHash,
  NO_RECURRENCE,
  CANONICAL_RECURRENCE_VERSION,
  type CanonicalRecurrenceOptions,
} from './canonical-recurrence';
export { expandRrule, expandGraphRecurrence, type ExpandOptions } from './expand-recurrence';
