// The scope matrix's keys: for each scope the admin key holds, one key with every other scope and
// one with that scope alone (~2 per scope). Each half is minted, and revoked at the end, by a
// minter key of its own (all scopes, minted by the admin), so ~40 mints and ~40 revocations
// never spend the admin key's limit.
import type { MintedKey } from '../keys.js';
import type { RunEnv } from '../run-env.js';
import { minterKey } from './key-pool.js';

export type MatrixVariant = 'without' | 'only';

/** The scopes a key of the matrix holds for `scope`. */
export function matrixScopes(held: readonly string[], scope: string, variant: MatrixVariant): string[] {
  return variant === 'only' ? [scope] : held.filter((s) => s !== scope);
}

/** `$KEY_WITHOUT_CALLS_WRITE`, `$KEY_ONLY_CALLS_WRITE`: what curl prints instead of the secret. */
export const matrixLabel = (scope: string, variant: MatrixVariant) =>
  `$KEY_${variant.toUpperCase()}_${scope.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;

export function matrixKey(env: RunEnv, scope: string, variant: MatrixVariant): Promise<MintedKey> {
  const held = env.keys.adminScopes;
  if (!held.includes(scope)) return Promise.reject(new Error(`the admin key does not hold ${scope}: no matrix key can have it`));
  const scopes = matrixScopes(held, scope, variant);
  if (!scopes.length) return Promise.reject(new Error(`the admin key holds ${scope} alone: no key without it can be minted`));
  const purpose = `${variant === 'only' ? 'only' : 'all but'} ${scope}`;
  return env.probeKey(`matrix:${variant}:${scope}`, async () => {
    const by = await minterKey(env, `scope matrix ${variant}`);
    return env.keys.mint(purpose, { scopes, label: matrixLabel(scope, variant), by });
  });
}
