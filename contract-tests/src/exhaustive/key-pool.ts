// Keys of the exhaustive probes' own. A minter (all scopes, minted by the admin key) mints them
// and revokes them at the end, so tens of keys never spend the admin key's limit; a pool of
// fresh keys carries work one worker's limit cannot (tens of requests on a 10-per-minute policy),
// each key used up to the client-side budget's share of its limits (budget.ts).
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import type { MintedKey } from '../keys.js';
import { policiesOf } from '../probes/support.js';
import type { RunEnv } from '../run-env.js';

export function minterKey(env: RunEnv, purpose: string): Promise<MintedKey> {
  const mint = () => env.keys.mint(`minter (${purpose})`, { scopes: env.keys.adminScopes, label: '$MINTER_KEY' });
  return env.probeKey(`minter:${purpose}`, mint);
}

const budgetId = (k: MintedKey) => k.label + k.secret;

/** Picks a pool key with room on the operation's per-key policies (recording the request), if any. */
export type PoolPick = (so: SpecOperation) => MintedKey | undefined;

/** Enough fresh keys for `requests` requests spread over `ops`' per-key policies. */
export async function keyPool(env: RunEnv, purpose: string, ops: SpecOperation[], requests: number): Promise<PoolPick> {
  const policies = env.budget.keyPolicies([...new Set(ops.flatMap((so) => policiesOf(env, so)))]);
  const perKey = policies.length ? Math.max(1, env.budget.headroom(`${purpose}:unused`, policies)) : requests;
  const size = Math.max(1, Math.ceil(requests / perKey));
  // Keys that cannot be minted leave the work to the workers (the caller's fallback): slower, not wrong.
  const minter = await minterKey(env, purpose).catch(() => undefined);
  const mint = (i: number) =>
    env.probeKey(`pool:${purpose}:${i}`, () => env.keys.mint(`${purpose} ${i + 1}`, { label: '$POOL_KEY', by: minter }));
  const minted = minter ? await Promise.allSettled(Array.from({ length: size }, (_, i) => mint(i))) : [];
  const keys = minted.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  return (so) => {
    const names = env.budget.keyPolicies(policiesOf(env, so));
    const key = keys.find((k) => env.budget.headroom(budgetId(k), names) > 0);
    if (key) env.budget.record(budgetId(key), names);
    return key;
  };
}
