/** Codes of the faults the store reports; callers branch on these, never on message text. */
export type StoreErrorCode =
  | 'db_schema_invalid'
  | 'db_closed'
  | 'db_reentrant_call'
  | 'db_close_in_transaction'
  | 'migration_changed'
  | 'token_decrypt_failed'
  | 'token_key_invalid'
  | 'meeting_already_linked'
  | 'user_unknown'
  | 'store_input_invalid';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
