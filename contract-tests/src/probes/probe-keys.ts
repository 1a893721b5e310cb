// The keys probes need, each minted once per run (and revoked with the rest at the end).
import type { MintedKey } from '../keys.js';
import { FOREIGN_RANGE, type RunEnv } from '../run-env.js';

/** A key holding one scope, never `scope`: the operation's own scope is what it lacks. */
export function keyWithout(env: RunEnv, scope: string | undefined): Promise<MintedKey> {
  const pool = env.keys.adminScopes.length ? env.keys.adminScopes : env.keys.allScopes;
  const chosen = pool.find((s) => s !== scope);
  if (!chosen) return Promise.reject(new Error('the admin key has a single scope: no narrower key can be minted'));
  return env.probeKey(`narrow:${chosen}`, () => env.keys.mint(`narrow ${chosen}`, { scopes: [chosen], label: '$NARROW_KEY' }));
}

export function keyWithScopes(env: RunEnv, scopes: string[], label: string): Promise<MintedKey> {
  return env.probeKey(`scopes:${scopes.join(',')}`, () => env.keys.mint(`scopes ${scopes.join(' ')}`, { scopes, label }));
}

export function ipRestrictedKey(env: RunEnv): Promise<MintedKey> {
  return env.probeKey('ip', () => env.keys.mint('ip-restricted', { allowedIps: [FOREIGN_RANGE], label: '$IP_RESTRICTED_KEY' }));
}

export function revokedKey(env: RunEnv): Promise<MintedKey> {
  return env.probeKey('revoked', async () => {
    const key = await env.keys.mint('revoked', { label: '$REVOKED_KEY' });
    await env.keys.revoke(key);
    return key;
  });
}

/** Minted to expire a few seconds later; resolves once the server's clock has passed it. */
export function expiredKey(env: RunEnv): Promise<MintedKey> {
  return env.probeKey('expired', async () => {
    // The server's clock is read from Date (truncated to the second), so our estimate of it is
    // never ahead: expires_at estimate + 1.2 s is in its future, and once the estimate has passed
    // expires_at, the server's clock has too.
    const key = await env.keys.mint('expiring', { expiresInMs: 1200, label: '$EXPIRED_KEY' });
    const wait = (key.expiresAt ?? 0) + 100 - (Date.now() + env.clockOffset);
    if (wait > 0) await env.sleep(wait);
    return key;
  });
}

/** A key nobody has used yet, for limit probes. */
export function freshKey(env: RunEnv, purpose: string): Promise<MintedKey> {
  return env.probeKey(`fresh:${purpose}`, () => env.keys.mint(`fresh ${purpose}`, { label: '$FRESH_KEY' }));
}
