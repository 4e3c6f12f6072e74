/** Codes of the faults the join block reports; callers branch on these, never on message text. */
export type JoinBlockErrorCode =
  /** The join link is not an absolute https URL without credentials. */
  | 'join_link_invalid'
  /** Meeting id or number is missing or malformed. */
  | 'join_details_invalid'
  /** The body's elements nest deeper than any mail body does (parse-html.ts MAX_HTML_DEPTH). */
  | 'body_too_complex';

export class JoinBlockError extends Error {
  constructor(
    readonly code: JoinBlockErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JoinBlockError';
  }
}
