// What an early case of a property leaves for a later one of the same run (a snapshot taken in
// the discover phase, compared in the conflict phase), keyed by the run so runs never share it.
import type { RunEnv } from '../run-env.js';

const memory = new WeakMap<RunEnv, Map<string, unknown>>();

function of(env: RunEnv): Map<string, unknown> {
  let m = memory.get(env);
  if (!m) memory.set(env, (m = new Map()));
  return m;
}

export function remember<T>(env: RunEnv, key: string, value: T): void {
  of(env).set(key, value);
}

export function recall<T>(env: RunEnv, key: string): T | undefined {
  return of(env).get(key) as T | undefined;
}
