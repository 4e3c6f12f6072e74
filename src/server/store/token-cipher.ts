/**
 * AES-256-GCM for secrets at rest (OAuth tokens, PKCE verifiers, the MSAL cache).
 *
 * Sealed format: "v1:<key id>:<iv>:<tag>:<ciphertext>", each part base64url. A fresh random
 * 12-byte IV per value; the 16-byte tag authenticates the ciphertext and the optional context
 * (additional authenticated data), so a value copied into another row, or altered, or read with
 * another key, fails with 'token_decrypt_failed'. The key id (a hash prefix of the key, not the
 * key) says which key sealed a value, so that a new key can be introduced while values sealed
 * under the previous one still open (pass it in `previousKeys`) and are resealed over time.
 */
import { createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { StoreError } from './store-error';

export interface TokenCipher {
  /** Seals plaintext; `context` binds the value to where it is stored (e.g. its row and column). */
  encrypt(plaintext: string, context?: string): string;
  /** Opens a sealed value; throws StoreError 'token_decrypt_failed' when it cannot be trusted. */
  decrypt(sealed: string, context?: string): string;
  /** True when the value was sealed under the current key (false: reseal it). */
  isCurrent(sealed: string): boolean;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyId(key: Buffer): string {
  return createHash('sha256').update('webex-scheduler token key id\0').update(key).digest().subarray(0, 6).toString('base64url');
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== 32) {
    throw new StoreError('token_key_invalid', 'the token encryption key must be 32 bytes');
  }
}

function decryptFailed(cause?: unknown): StoreError {
  return new StoreError('token_decrypt_failed', 'a sealed value could not be decrypted: altered, or sealed under another key', { cause });
}

export function createTokenCipher(key: Buffer, previousKeys: Buffer[] = []): TokenCipher {
  assertKey(key);
  previousKeys.forEach(assertKey);
  const currentId = keyId(key);
  // Key objects made once: a raw key given to each cipher is imported anew every time (some 12 µs
  // of a sync job's CPU per token).
  const keys = new Map<string, KeyObject>();
  for (const k of [...previousKeys].reverse()) keys.set(keyId(k), createSecretKey(Buffer.from(k)));
  keys.set(currentId, createSecretKey(Buffer.from(key)));

  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keys.get(currentId) as KeyObject, iv, { authTagLength: TAG_BYTES });
      if (context !== undefined) cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, currentId, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join(':');
    },

    decrypt(sealed, context) {
      const parts = typeof sealed === 'string' ? sealed.split(':') : [];
      if (parts.length !== 5 || parts[0] !== VERSION) throw decryptFailed();
      const [, id, ivText, tagText, ciphertextText] = parts as [string, string, string, string, string];
      const k = keys.get(id);
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (!k || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw decryptFailed();
      try {
        const decipher = createDecipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES });
        if (context !== undefined) decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
      } catch (thrown) {
        throw decryptFailed(thrown);
      }
    },

    isCurrent(sealed) {
      return sealed.split(':', 2)[1] === currentId;
    },
  };
}
