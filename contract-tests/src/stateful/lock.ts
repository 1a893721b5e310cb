// One family at a time: the stateful probes of one collection run one after another (a walk over
// pages must not see another probe's fresh items come and go), families in parallel.
import { memo } from '../memo.js';

const chains = new WeakMap<object, Map<string, Promise<unknown>>>();

/** Runs `task` once every earlier task of `owner` under `key` has settled. */
export function exclusive<T>(owner: object, key: string, task: () => Promise<T>): Promise<T> {
  const byKey = memo(chains, owner, () => new Map<string, Promise<unknown>>());
  const run = (byKey.get(key) ?? Promise.resolve()).then(task, task);
  byKey.set(
    key,
    run.catch(() => undefined),
  );
  return run;
}
