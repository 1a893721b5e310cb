// Where a key may come from (ARCHITECTURE.md §2): `Authorization: Bearer <key>` (scheme case-insensitive)
// or `X-API-Key: <key>`, never the query string or the body. Pure functions over header values and
// parsed inputs, so the rules are testable without a server.
import type { IncomingHttpHeaders } from 'node:http';
import { SECRET_ANYWHERE } from './secrets.js';

export type Credentials =
  | { kind: 'none' }
  /** Both headers with different keys: a 400. */
  | { kind: 'conflict' }
  /** Something was sent as credentials; `secret` may still be malformed. */
  | { kind: 'key'; secret: string };

const BEARER = /^bearer[ \t]+(\S*)[ \t]*$/i;

export function readCredentials(headers: IncomingHttpHeaders): Credentials {
  const authorization = headers.authorization;
  const apiKeyRaw = headers['x-api-key'];
  const apiKey = typeof apiKeyRaw === 'string' ? apiKeyRaw.trim() : Array.isArray(apiKeyRaw) ? apiKeyRaw.join(',') : '';
  let bearer: string | undefined;
  let other = false;
  if (authorization !== undefined && authorization !== '') {
    const m = BEARER.exec(authorization);
    if (m) bearer = m[1];
    else other = true; // Basic, Digest, a bare key …: credentials, but not ones we accept
  }
  if (bearer !== undefined && apiKey !== '') return bearer === apiKey ? { kind: 'key', secret: bearer } : { kind: 'conflict' };
  if (bearer !== undefined) return { kind: 'key', secret: bearer };
  if (apiKey !== '') return { kind: 'key', secret: apiKey };
  // A non-Bearer Authorization alone is a bad credential (401 invalid_token), not a missing one.
  return other ? { kind: 'key', secret: '' } : { kind: 'none' };
}

/** Names under which clients typically (and wrongly) send keys in URLs and bodies. */
const KEY_NAMES = new Set(['api_key', 'apikey', 'api-key', 'access_token', 'key', 'token']);

/** True when the query string carries a key (by name, or a value shaped like a Parley key). */
export function keyInQuery(query: Record<string, string | string[] | undefined>): boolean {
  for (const name in query) {
    const value = query[name];
    if (value === undefined) continue;
    if (KEY_NAMES.has(name.toLowerCase()) && value !== '') return true;
    if (typeof value === 'string' ? SECRET_ANYWHERE.test(value) : value.some((v) => SECRET_ANYWHERE.test(v))) return true;
  }
  return false;
}

/** True when a JSON body carries a key: a top-level key-named field, or a Parley key anywhere. */
export function keyInBody(raw: string, parsed: unknown): boolean {
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const name of Object.keys(parsed)) {
      if (KEY_NAMES.has(name.toLowerCase()) && typeof (parsed as Record<string, unknown>)[name] === 'string') return true;
    }
  }
  return SECRET_ANYWHERE.test(raw);
}
