// API key secrets (ARCHITECTURE.md §2): `pl_live_`/`pl_test_` + 40 base62 characters. Only an
// HMAC-SHA256 of the secret under a server secret (the pepper) is stored: a fast keyed hash is
// enough for 238 bits of entropy, lets the lookup be one index probe, and makes a copied database
// useless for checking guesses without the pepper. The comparison after the lookup is constant time.
import { createHash, createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import { base62 } from '../../ids.js';

export type KeyMode = 'live' | 'test';
export const SECRET_PATTERN = /^pl_(live|test)_[A-Za-z0-9]{32,}$/;
/** Anything that looks like a Parley key, anywhere in a string (for query/body leak detection). */
export const SECRET_ANYWHERE = /pl_(live|test)_[A-Za-z0-9]{32,}/;

export const newSecret = (mode: KeyMode) => `pl_${mode}_${base62(40)}`;
/** How stored secrets are hashed: HMAC-SHA256 under `pepper` (its UTF-8 bytes), hex. */
export function secretHasher(pepper: string): (secret: string) => string {
  // One key object for every request instead of importing the pepper string each time.
  const key = createSecretKey(Buffer.from(pepper, 'utf8'));
  return (secret) => createHmac('sha256', key).update(secret).digest('hex');
}
/** The unkeyed SHA-256 that databases written before the pepper hold; upgraded on a key's next use. */
export const legacyHash = (secret: string) => createHash('sha256').update(secret).digest('hex');
/** A fresh pepper: 32 random bytes, base64url. */
export const newPepper = () => randomBytes(32).toString('base64url');
export const secretPrefix = (secret: string) => secret.slice(0, secret.indexOf('_', 3) + 5);
export const modeOf = (secret: string): KeyMode => (secret.startsWith('pl_live_') ? 'live' : 'test');

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
