/**
 * The emulator's one token-signing key: RSA 2048 with a self-signed certificate, so that the JWKS
 * carries `x5t` and `x5c` like Microsoft's, and `kid` equals the certificate thumbprint as it does
 * there. Generated at start; tokens are RS256 JWTs with `typ: JWT`, `kid` and `x5t` headers.
 */
import { createCA } from 'mkcert';
import { X509Certificate, createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { compactVerify, exportJWK, SignJWT, type JWK, type JWTPayload } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: JWK;
}

export interface JsonWebKeySet {
  keys: JWK[];
}

export async function createSigningKey(): Promise<SigningKey> {
  const { key, cert } = await createCA({
    organization: 'Identity emulator token signing',
    countryCode: 'US',
    state: 'Local',
    locality: 'Local',
    validity: 3650,
  });
  const x509 = new X509Certificate(cert);
  const kid = createHash('sha1').update(x509.raw).digest('base64url');
  const publicKey = x509.publicKey;
  const { n, e, kty } = await exportJWK(publicKey);
  return {
    kid,
    privateKey: createPrivateKey(key),
    publicKey,
    jwk: { kty, use: 'sig', kid, x5t: kid, n, e, x5c: [x509.raw.toString('base64')] },
  };
}

export class TokenSigner {
  private readonly key: Promise<SigningKey>;

  constructor(key: Promise<SigningKey> = createSigningKey()) {
    this.key = key;
    // Failures surface where the key is awaited; this only keeps Node from calling them unhandled meanwhile.
    this.key.catch(() => undefined);
  }

  async sign(claims: JWTPayload): Promise<string> {
    const k = await this.key;
    return new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: k.kid, x5t: k.kid }).sign(k.privateKey);
  }

  async jwks(): Promise<JsonWebKeySet> {
    return { keys: [(await this.key).jwk] };
  }

  /** Checks that this emulator signed `token` (signature only: callers check the claims); returns the claims. */
  async verifySignature(token: string): Promise<JWTPayload> {
    const k = await this.key;
    const { payload, protectedHeader } = await compactVerify(token, k.publicKey, { algorithms: ['RS256'] });
    if (protectedHeader.kid !== k.kid) throw new Error('unknown signing key');
    return JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
  }
}
