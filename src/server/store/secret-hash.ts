/**
 * Unkeyed SHA-256 of high-entropy secrets the backend generated itself (OAuth states, Graph
 * clientState values): enough to recognise them again, useless to someone who reads the database.
 * Compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

export function secretMatchesHash(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'utf8');
  const b = Buffer.from(hash, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
