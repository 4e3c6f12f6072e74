/** Codes of the faults the marker reports; callers branch on these, never on message text. */
export type MarkerErrorCode =
  /** A marker field is missing or malformed. */
  | 'marker_invalid'
  /** The add-in's custom properties would exceed Outlook's 2,500 characters. */
  | 'marker_too_large'
  /** Not an add-in id (a GUID, with or without braces or "urn:uuid:"). */
  | 'addin_id_invalid';

export class MarkerError extends Error {
  constructor(
    readonly code: MarkerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MarkerError';
  }
}
