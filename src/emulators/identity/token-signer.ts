/**
 * The emulator's one token-signing key: RSA 2048 with a self-signed certificate, so that the JWKS
 * carries `x5t` and `x5c` like Microsoft's, and `kid` equals the certificate thumbprint as it does
 * there. Generated at start (or, in the local stack, read from its saved world, so that tokens issued
 * before a restart still verify after it); tokens are RS256 JWTs with `typ: JWT`, `kid` and `x5t` headers.
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

/** The key and its certificate as PEM: what the local stack's saved world keeps (identity-snapshot.ts). */
export interface SigningKeyPem {
  privateKey: string;
  certificate: string;
}

export async function createSigningKeyPem(): Promise<SigningKeyPem> {
  const { key, cert } = await createCA({
    organization: 'Identity emulator token signing',
    countryCode: 'US',
    state: 'Local',
    locality: 'Local',
    validity: 3650,
  });
  return { privateKey: key, certificate: cert };
}

export async function signingKeyFromPem(pem: SigningKeyPem): Promise<SigningKey> {
  const x509 = new X509Certificate(pem.certificate);
  const kid = createHash('sha1').update(x509.raw).digest('base64url');
  const publicKey = x509.publicKey;
  const { n, e, kty } = await exportJWK(publicKey);
  return {
    kid,
    privateKey: createPrivateKey(pem.privateKey),
    publicKey,
    jwk: { kty, use: 'sig', kid, x5t: kid, n, e, x5c: [x509.raw.toString('base64')] },
  };
}

export async function createSigningKey(): Promise<SigningKey> {
  return signingKeyFromPem(await createSigningKeyPem());
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
