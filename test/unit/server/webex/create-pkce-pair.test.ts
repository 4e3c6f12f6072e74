import { createPkcePair, pkceChallengeOf } from '../../../../src/server/webex/create-pkce-pair';

describe('createPkcePair', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', () => {
    expect(pkceChallengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh 43-character verifier with its challenge each time', () => {
    const a = createPkcePair();
    const b = createPkcePair();
    expect(a.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.codeVerifier).not.toBe(b.codeVerifier);
    expect(a).toMatchObject({ codeChallenge: pkceChallengeOf(a.codeVerifier), codeChallengeMethod: 'S256' });
  });
});
