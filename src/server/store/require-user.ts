import { FOREIGN_KEY_VIOLATION, sqlState } from './sql-errors';
import { StoreError } from './store-error';
import { toError } from '../errors';

/**
 * Runs a write that needs the user row (upsertUser first) and turns the database's foreign-key
 * fault into StoreError 'user_unknown'.
 */
export async function requireUser<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (thrown) {
    if (sqlState(thrown) === FOREIGN_KEY_VIOLATION) {
      throw new StoreError('user_unknown', 'no such user: call upsertUser first', { cause: thrown });
    }
    throw toError(thrown);
  }
}
