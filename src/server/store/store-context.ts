import type { Db } from './db';
import type { Fingerprint } from './fingerprint';
import type { TokenCipher } from './token-cipher';

/** What every repository is built on: the database (or a transaction) and the secrets helpers. */
export interface StoreContext {
  db: Db;
  cipher: TokenCipher;
  fingerprint: Fingerprint;
  /**
   * Whether the sync engine's hot calls of a moment may be sent as one statement
   * (gathered-statement.ts): the store's own repositories, never a transaction's.
   */
  gather?: boolean;
}
