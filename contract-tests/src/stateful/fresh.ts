// The fresh resource a stateful probe works on. One per family serves, in plan order, its
// read-after-create, read-after-update, page walk and use-after-delete: the run's cleanup ends
// every resource the run made with the admin key, whose budget the whole run shares, so fewer is
// better. A family whose create counts against a concurrency limit (an active call) ends each one
// at once instead, so the account is quiet for the probes after this phase.
import type { Observation } from '../probes/types.js';
import type { RunEnv } from '../run-env.js';
import { exclusive } from './lock.js';
import type { FamilyPlan } from './model.js';
import { createFresh, endFresh, type Fresh } from './requests.js';

const kept = new WeakMap<object, Map<string, string>>();
const keptOf = (env: RunEnv) => kept.get(env) ?? kept.set(env, new Map()).get(env)!;

/** `new`: made now; `kept`: the family's kept resource, else made now; `last`: the same, for a probe that ends it. */
export type FreshUse = 'new' | 'kept' | 'last';

type Outcome = Observation[] | { skip: string };

/** Runs `use` on a fresh resource, one probe of the family at a time; `made` is set when it was created now. */
export function withFresh(
  env: RunEnv,
  plan: FamilyPlan | undefined,
  how: FreshUse,
  use: (plan: FamilyPlan, id: string, made?: Fresh) => Promise<Outcome>,
): Promise<Outcome> {
  if (!plan) return Promise.resolve({ skip: 'no family plan' });
  const pool = keptOf(env);
  return exclusive(env, plan.collection, async () => {
    let id = how === 'new' ? undefined : pool.get(plan.collection);
    let made: Fresh | undefined;
    if (!id) {
      const fresh = await createFresh(env, plan);
      if ('skip' in fresh) return fresh;
      [id, made] = [fresh.id, fresh];
    }
    if (how === 'last') pool.delete(plan.collection);
    try {
      return await use(plan, id, made);
    } finally {
      // `last` ended it (or left it to the run's cleanup when it could not).
      if (how !== 'last') {
        if (plan.shared) pool.set(plan.collection, id);
        else await endFresh(env, plan, id);
      }
    }
  });
}
