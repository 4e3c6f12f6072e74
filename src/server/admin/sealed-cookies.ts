/**
 * Browser state of the sign-in flows and of the admin session, kept in the browser rather than in
 * this process (any replica can answer the next request) and sealed (AES-256-GCM with the token
 * key, bound to the cookie's purpose): the browser can neither read nor forge it.
 *
 * Cookies are HttpOnly and SameSite=Lax (the identity provider's redirect back is a top-level GET,
 * which Lax allows; a cross-site POST carries no cookie). Over HTTPS they are Secure and named with
 * the __Host- prefix, so no other host or path can set them.
 */
import { parse as parseCookieHeader, serialize as serializeSetCookie } from 'cookie';
import { createTokenCipher } from '../store';

export interface CookieSealer {
  /** The sealed value with its expiry inside it. */
  seal(purpose: string, value: object, lifetimeMs: number): string;
  /** The value when the seal is intact, of this purpose and not expired; undefined otherwise. */
  open<T extends object>(purpose: string, sealed: string | undefined): T | undefined;
}

export function createCookieSealer(key: Buffer, clock: () => Date = () => new Date()): CookieSealer {
  // Buffer.from: a configuration copied with structuredClone holds the key as a plain Uint8Array.
  const cipher = createTokenCipher(Buffer.from(key));
  const context = (purpose: string) => `cookie/${purpose}`;
  return {
    seal(purpose, value, lifetimeMs) {
      return cipher.encrypt(JSON.stringify({ v: value, exp: clock().getTime() + lifetimeMs }), context(purpose));
    },
    open<T extends object>(purpose: string, sealed: string | undefined): T | undefined {
      if (!sealed) return undefined;
      try {
        const parsed = JSON.parse(cipher.decrypt(sealed, context(purpose))) as { v?: unknown; exp?: unknown };
        if (typeof parsed.exp !== 'number' || parsed.exp <= clock().getTime()) return undefined;
        return typeof parsed.v === 'object' && parsed.v !== null ? (parsed.v as T) : undefined;
      } catch {
        // Altered, sealed under another key, or not ours at all: as good as no cookie.
        return undefined;
      }
    },
  };
}

export interface CookieJar {
  /** The cookie's name for this deployment (prefixed when secure). */
  name(base: string): string;
  read(header: string | undefined, base: string): string | undefined;
  /** A Set-Cookie value; maxAgeSeconds 0 deletes the cookie. */
  write(base: string, value: string, maxAgeSeconds: number): string;
}

/** `secure`: the deployment is reached over HTTPS (its public base URL says so). */
export function createCookieJar(secure: boolean): CookieJar {
  const name = (base: string) => (secure ? `__Host-${base}` : base);
  return {
    name,
    read(header, base) {
      if (!header) return undefined;
      // Values are sealed base64url text; the identity decoder keeps them exactly as written.
      return parseCookieHeader(header, { decode: (v) => v })[name(base)];
    },
    write(base, value, maxAgeSeconds) {
      return serializeSetCookie(name(base), value, {
        encode: (v) => v,
        path: '/',
        maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
        httpOnly: true,
        sameSite: 'lax',
        secure,
      });
    },
  };
}
