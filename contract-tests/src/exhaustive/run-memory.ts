// What an early case of a property leaves for a later one of the same run (a snapshot taken in
// the discover phase, compared in the conflict phase), keyed by the run so runs never share it.

import { memo } from '../memo.js';
import type { RunEnv } from '../run-env.js';

const memory = new WeakMap<RunEnv, Map<string, unknown>>();

const of = (env: RunEnv): Map<string, unknown> => memo(memory, env, () => new Map());

export function remember<T>(env: RunEnv, key: string, value: T): void {
  of(env).set(key, value);
}

export function recall<T>(env: RunEnv, key: string): T | undefined {
  return of(env).get(key) as T | undefined;
}
