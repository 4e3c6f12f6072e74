/**
 * Keyed fingerprints of values the database must not hold in clear but must compare, such as an
 * event's subject (to see whether it changed since the last sync). HMAC-SHA256 under a key derived
 * from the token encryption key: without that key a fingerprint cannot be checked against guesses,
 * as a plain hash of a short subject could.
 */
import { createHmac, createSecretKey, hkdfSync } from 'node:crypto';
import { StoreError } from './store-error';

export type Fingerprint = (value: string) => string;

export function createFingerprint(encryptionKey: Buffer): Fingerprint {
  if (!Buffer.isBuffer(encryptionKey) || encryptionKey.length !== 32) {
    throw new StoreError('token_key_invalid', 'the token encryption key must be 32 bytes');
  }
  // A key object made once: a raw key is imported anew by every HMAC (most of its cost for a subject).
  const key = createSecretKey(Buffer.from(hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'webex-scheduler fingerprint v1', 32)));
  return (value) => createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}
