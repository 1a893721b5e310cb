import { statusVerdict } from './verdict.js';

// ARCHITECTURE.md §2, one verdict per way of presenting a key the API must refuse.
// A stateless mock can refuse a request without credentials too (ARCHITECTURE.md §8).
export const missingKeyRefused = statusVerdict('missing-key-refused', 'No key → 401', 'a request without credentials was not refused', [
  'full',
  'mock',
]);
export const invalidKeyRefused = statusVerdict(
  'invalid-key-refused',
  'Malformed or unknown key → 401',
  'a malformed or unknown key was not refused',
);
export const revokedKeyRefused = statusVerdict('revoked-key-refused', 'Revoked key → 401', 'a revoked key was not refused');
export const expiredKeyRefused = statusVerdict('expired-key-refused', 'Expired key → 401', 'an expired key was not refused');
export const keyInQueryRefused = statusVerdict(
  'key-in-query-refused',
  'Key in the query string → 401',
  'a key sent in the query string was not refused',
);
export const keyInBodyRefused = statusVerdict(
  'key-in-body-refused',
  'Key in the body → 401',
  'a key sent in the request body was not refused',
);
export const conflictingKeysRefused = statusVerdict(
  'conflicting-keys-refused',
  'Two different keys → 400',
  'Authorization and X-API-Key with different keys were not refused',
);
export const insufficientScopeRefused = statusVerdict(
  'insufficient-scope-refused',
  'Key without the scope → 403',
  "a key without the operation's scope was not refused",
);
export const noPrivilegeEscalation = statusVerdict(
  'no-privilege-escalation',
  'No key broader than its creator',
  'a narrow key obtained broader scopes',
);
export const ipAllowlistEnforced = statusVerdict(
  'ip-allowlist-enforced',
  'Key used outside its allowed_ips → 403',
  'a key was used from outside its allowed_ips',
);
export const forwardedForIgnored = statusVerdict(
  'forwarded-for-ignored',
  'X-Forwarded-For not trusted',
  'a spoofed X-Forwarded-For inside allowed_ips got through',
);
export const crossAccountNotFound = statusVerdict(
  'cross-account-not-found',
  "Another account's resource → 404",
  "another account's key reached this account's resource (must be 404, never 403 or 2xx)",
);
