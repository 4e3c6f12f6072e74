/** Codes of the faults the store reports; callers branch on these, never on message text. */
import { CodedError } from '../errors';

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

export class StoreError extends CodedError<StoreErrorCode> {
  override name = 'StoreError';
}
