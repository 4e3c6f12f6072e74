/**
 * A PKCE pair (RFC 7636) for the Webex authorization code flow: the verifier stays with the
 * backend (in the OAuth state row), the S256 challenge goes into the authorize URL.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** 43 characters of base64url (32 random bytes), within RFC 7636's 43..128. */
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

export function pkceChallengeOf(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

export function createPkcePair(): PkcePair {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: pkceChallengeOf(codeVerifier), codeChallengeMethod: 'S256' };
}
