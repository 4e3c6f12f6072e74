import { randomBytes } from 'node:crypto';
import { createFingerprint, hashSecret, secretMatchesHash } from '../../../../src/server/store';

describe('fingerprint', () => {
  it('is the same for the same value under the same key', () => {
    const key = randomBytes(32);
    expect(createFingerprint(key)('Quarterly review')).toBe(createFingerprint(key)('Quarterly review'));
  });

  it('differs for different values', () => {
    const fingerprint = createFingerprint(randomBytes(32));
    expect(fingerprint('Quarterly review')).not.toBe(fingerprint('Quarterly review (moved)'));
  });

  it('depends on the key, so it cannot be checked against guesses without it', () => {
    expect(createFingerprint(randomBytes(32))('Lunch')).not.toBe(createFingerprint(randomBytes(32))('Lunch'));
  });

  it('does not contain the value', () => {
    expect(createFingerprint(randomBytes(32))('Lunch')).not.toContain('Lunch');
  });
});

describe('secret hash', () => {
  it('recognises the secret it was made from and no other', () => {
    const hash = hashSecret('client-state-secret');
    expect(secretMatchesHash('client-state-secret', hash)).toBe(true);
    expect(secretMatchesHash('client-state-secreT', hash)).toBe(false);
    expect(secretMatchesHash('client-state-secret', 'short')).toBe(false);
  });
});
