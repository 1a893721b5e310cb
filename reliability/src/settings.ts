// What a run is asked for, from the environment of `npm run test:reliability` (all optional):
// RELIABILITY_SEED (default: random, printed), RELIABILITY_REQUESTS (default 10000),
// RELIABILITY_CONCURRENCY (default 16). A bad value is one readable line.
import { randomSeed } from './prng.js';

export interface Settings {
  seed: number;
  requests: number;
  concurrency: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new Error(`${name}=${JSON.stringify(raw)} is not an integer between ${min} and ${max}`);
  return Number(raw);
}

export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    seed: whole(env, 'RELIABILITY_SEED', randomSeed(), 0, 2 ** 32 - 1),
    requests: whole(env, 'RELIABILITY_REQUESTS', 10_000, 1, 1_000_000),
    concurrency: whole(env, 'RELIABILITY_CONCURRENCY', 16, 1, 512),
  };
}
