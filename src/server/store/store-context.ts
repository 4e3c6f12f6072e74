import type { Db } from './db';
import type { Fingerprint } from './fingerprint';
import type { TokenCipher } from './token-cipher';

/** What every repository is built on: the database (or a transaction) and the secrets helpers. */
export interface StoreContext {
  db: Db;
  cipher: TokenCipher;
  fingerprint: Fingerprint;
}
