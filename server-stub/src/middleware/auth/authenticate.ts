// Who is calling (ARCHITECTURE.md §2): the key (its HMAC, then the key cache or one hash-index probe,
// a constant-time comparison), its account, the IP allowlists and the operation's scope. Each
// refusal is an ApiError carrying its RFC 6750 challenge; the pipeline decides the order (see
// pipeline/handle.ts).
import { ApiError } from '../../http/problem.js';
import type { AccountRecord, AccountStore } from '../../store/accounts.js';
import type { ApiKeyStore, StoredKey } from '../../store/api-keys.js';
import { ipMatchesAny } from './ip.js';
import { SECRET_PATTERN } from './secrets.js';

export const CHALLENGE = 'Bearer realm="parley"';
export const INVALID_TOKEN = 'Bearer realm="parley", error="invalid_token"';
export const insufficientScope = (scope: string) => `Bearer realm="parley", error="insufficient_scope", scope="${scope}"`;

export const MISSING_KEY_DETAIL = "No API key was sent. Send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.";
export const KEY_IN_URL_DETAIL =
  'API keys are not accepted in the query string or the body. Send the key in the Authorization header (Bearer) or the X-API-Key header.';

export const missingKey = () => new ApiError('UNAUTHORIZED', MISSING_KEY_DETAIL, { headers: { 'WWW-Authenticate': CHALLENGE } });
export const keyInWrongPlace = () => new ApiError('UNAUTHORIZED', KEY_IN_URL_DETAIL, { headers: { 'WWW-Authenticate': CHALLENGE } });
const invalidKey = () =>
  new ApiError('UNAUTHORIZED', 'The API key is invalid, revoked or expired.', { headers: { 'WWW-Authenticate': INVALID_TOKEN } });
export const conflictingKeys = () =>
  new ApiError('MALFORMED_REQUEST', 'The Authorization and X-API-Key headers carry different keys; send one key.');

export interface Principal {
  account: AccountRecord;
  stored: StoredKey;
}

/** The key's account, or 401 for a malformed, unknown, revoked or expired key. */
export function authenticate(stores: { keys: ApiKeyStore; accounts: AccountStore }, secret: string, now: number): Principal {
  if (!SECRET_PATTERN.test(secret)) throw invalidKey();
  // Found by a hash (the cache's digest, or the stored HMAC's index probe) and compared again in
  // constant time, so that no code path depends on a byte-by-byte comparison of secrets.
  return admitted(stores.keys.findForAuth(secret, stores.accounts), now);
}

/**
 * authenticate() from this process's key cache alone: the principal, or undefined when the key is
 * not cached (unknown, or not seen since the last change to keys or accounts); 401 for a malformed
 * secret or a cached key that is revoked or expired. `digest` is what loading it takes.
 */
export function authenticateCached(
  stores: { keys: ApiKeyStore },
  secret: string,
  now: number,
): { principal: Principal; digest?: undefined } | { principal?: undefined; digest: Buffer } {
  if (!SECRET_PATTERN.test(secret)) throw invalidKey();
  const { digest, found } = stores.keys.cachedForAuth(secret);
  return found ? { principal: admitted(found, now) } : { digest };
}

/** The rest of authenticate() once the key is found (or not): 401 unless it is live. */
export function authenticateLoaded(
  stores: { keys: ApiKeyStore; accounts: AccountStore },
  secret: string,
  digest: Buffer,
  now: number,
): Principal {
  return admitted(stores.keys.loadForAuth(secret, digest, stores.accounts), now);
}

function admitted(found: Principal | undefined, now: number): Principal {
  if (!found) throw invalidKey();
  const key = found.stored.key;
  if (key.revoked_at !== null) throw invalidKey();
  if (key.expires_at !== null && Date.parse(key.expires_at) <= now) throw invalidKey();
  return found;
}

/** 403 IP_NOT_ALLOWED unless the address passes the account allowlist and the key's allowed_ips. */
export function checkIp(principal: Principal, clientIp: string): void {
  // IpAddressOrCidr is `unknown` in the generated types (its anyOf branches carry no type).
  const accountList = principal.account.ip_allowlist;
  const keyList = principal.stored.key.allowed_ips as string[];
  if (accountList.length === 0 && keyList.length === 0) return;
  const accountOk =
    accountList.length === 0 ||
    ipMatchesAny(
      clientIp,
      accountList.map((e) => e.value as string),
    );
  const keyOk = keyList.length === 0 || ipMatchesAny(clientIp, keyList);
  if (accountOk && keyOk) return;
  const which = accountOk ? 'this key' : 'this account';
  throw new ApiError('IP_NOT_ALLOWED', `Requests from ${clientIp} are not allowed for ${which}.`, {
    headers: { 'WWW-Authenticate': CHALLENGE },
  });
}

/** 403 INSUFFICIENT_SCOPE unless the key holds `scope` (null: the operation needs none). */
export function checkScope(principal: Principal, scope: string | null): void {
  if (scope === null || (principal.stored.key.scopes as string[]).includes(scope)) return;
  throw new ApiError('INSUFFICIENT_SCOPE', `This API key lacks the scope required by this operation (${scope}).`, {
    headers: { 'WWW-Authenticate': insufficientScope(scope) },
  });
}

/** When each (cached, shared) key object last recorded its use here: no date parsing per request. */
const lastTouched = new WeakMap<object, number>();

/**
 * Records use at most once per second per key and process: one small write, not one per request.
 * Best effort (ApiKeyStore.touch): skipped while another process holds the database's write lock.
 */
export function touchKey(keys: ApiKeyStore, principal: Principal, now: number): void {
  const key = principal.stored.key;
  let last = lastTouched.get(key);
  if (last === undefined) {
    last = key.last_used_at === null ? Number.NEGATIVE_INFINITY : Date.parse(key.last_used_at);
    lastTouched.set(key, last);
  }
  if (now - last < 1000) return;
  key.last_used_at = new Date(now).toISOString();
  lastTouched.set(key, now);
  keys.touch(key.id, key.last_used_at);
}
