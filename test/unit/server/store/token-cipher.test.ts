import { randomBytes } from 'node:crypto';
import { createTokenCipher } from '../../../../src/server/store';

const key = randomBytes(32);

/** Flips one bit of one base64url part of a sealed value. */
function tamper(sealed: string, part: number): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[part] as string, 'base64url');
  bytes[0] = (bytes[0] as number) ^ 1;
  parts[part] = bytes.toString('base64url');
  return parts.join(':');
}

describe('token cipher', () => {
  it('opens what it sealed', () => {
    const cipher = createTokenCipher(key);
    expect(cipher.decrypt(cipher.encrypt('access-token-é✓'))).toBe('access-token-é✓');
  });

  it('seals in a versioned format that does not contain the plaintext', () => {
    const sealed = createTokenCipher(key).encrypt('secret-refresh-token');
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('secret-refresh-token');
  });

  it('seals the same plaintext differently each time (a fresh IV per value)', () => {
    const cipher = createTokenCipher(key);
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it.each([
    ['the IV', 2],
    ['the tag', 3],
    ['the ciphertext', 4],
  ])('refuses a value whose %s was altered', (_what, part) => {
    const cipher = createTokenCipher(key);
    const sealed = cipher.encrypt('token');
    expect(() => cipher.decrypt(tamper(sealed, part))).toThrow(expect.objectContaining({ code: 'token_decrypt_failed' }));
  });

  it('refuses a value sealed under another key', () => {
    const sealed = createTokenCipher(randomBytes(32)).encrypt('token');
    expect(() => createTokenCipher(key).decrypt(sealed)).toThrow(expect.objectContaining({ code: 'token_decrypt_failed' }));
  });

  it('refuses a value sealed under another key even when the key id is forged', () => {
    const mine = createTokenCipher(key).encrypt('x').split(':')[1];
    const parts = createTokenCipher(randomBytes(32)).encrypt('token').split(':');
    parts[1] = mine as string;
    expect(() => createTokenCipher(key).decrypt(parts.join(':'))).toThrow(expect.objectContaining({ code: 'token_decrypt_failed' }));
  });

  it('refuses a value moved to another context (row or column)', () => {
    const cipher = createTokenCipher(key);
    const sealed = cipher.encrypt('token', 'webex_grants/t/u1/access');
    expect(cipher.decrypt(sealed, 'webex_grants/t/u1/access')).toBe('token');
    expect(() => cipher.decrypt(sealed, 'webex_grants/t/u2/access')).toThrow(expect.objectContaining({ code: 'token_decrypt_failed' }));
  });

  it.each(['', 'plain-token', 'v2:a:b:c:d', 'v1:a:b:c'])('refuses %j, which is not a sealed value', (value) => {
    expect(() => createTokenCipher(key).decrypt(value)).toThrow(expect.objectContaining({ code: 'token_decrypt_failed' }));
  });

  it('still opens values sealed under a previous key, and says they need resealing', () => {
    const oldKey = randomBytes(32);
    const sealedBefore = createTokenCipher(oldKey).encrypt('token');
    const rotated = createTokenCipher(key, [oldKey]);
    expect(rotated.decrypt(sealedBefore)).toBe('token');
    expect(rotated.isCurrent(sealedBefore)).toBe(false);
    expect(rotated.isCurrent(rotated.encrypt('token'))).toBe(true);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createTokenCipher(randomBytes(16))).toThrow(expect.objectContaining({ code: 'token_key_invalid' }));
  });
});
