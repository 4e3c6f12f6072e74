/** Codes of the faults the join block reports; callers branch on these, never on message text. */
export type JoinBlockErrorCode =
  /** The join link is not an absolute https URL without credentials. */
  | 'join_link_invalid'
  /** Meeting id or number is missing or malformed. */
  | 'join_details_invalid';

export class JoinBlockError extends Error {
  constructor(
    readonly code: JoinBlockErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JoinBlockError';
  }
}
