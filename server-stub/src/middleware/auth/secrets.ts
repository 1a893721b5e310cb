// API key secrets (ARCHITECTURE.md §2): `pl_live_`/`pl_test_` + 40 base62 characters. Only a SHA-256 of
// the secret is stored (a fast hash is enough for 238 bits of entropy, and lets the lookup be one
// index probe); the comparison after the lookup is constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { base62 } from '../../ids.js';

export type KeyMode = 'live' | 'test';
export const SECRET_PATTERN = /^pl_(live|test)_[A-Za-z0-9]{32,}$/;
/** Anything that looks like a Parley key, anywhere in a string (for query/body leak detection). */
export const SECRET_ANYWHERE = /pl_(live|test)_[A-Za-z0-9]{32,}/;

export const newSecret = (mode: KeyMode) => `pl_${mode}_${base62(40)}`;
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
export const secretPrefix = (secret: string) => secret.slice(0, secret.indexOf('_', 3) + 5);
export const modeOf = (secret: string): KeyMode => (secret.startsWith('pl_live_') ? 'live' : 'test');

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
