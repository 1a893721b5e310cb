// What probes share: the case's inputs with ids mapped, the operation's scope and policies, keys
// by purpose, and the malformed/unknown keys that look like the admin's.
import { randomBytes } from 'node:crypto';
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import { PROBE_RESPONSE_CHECKS } from '../checks/index.js';
import type { Inputs } from '../client.js';
import type { MintedKey } from '../keys.js';
import { substitute } from '../plan/ids.js';
import type { RunEnv } from '../run-env.js';
import type { CheckContext, Exchange, Json, PlannedCase } from '../types.js';
import type { Observation } from './types.js';

export const RESPONSE_ONLY = PROBE_RESPONSE_CHECKS;

export function inputsOf(env: RunEnv, c: PlannedCase): Inputs & CheckContext['sent'] {
  const r = substitute({ path: c.request.path, query: c.request.query, header: c.request.header, body: c.request.body }, env.ids);
  return { path: r.path, query: r.query, header: r.header, body: r.body };
}

export const policiesOf = (so: SpecOperation): string[] => so.op['x-rate-limit'] ?? [];

/** The scope an operation requires (the first of its security requirements). */
export function scopeOf(so: SpecOperation): string | undefined {
  for (const req of so.op.security ?? []) for (const scopes of Object.values<string[]>(req)) if (scopes.length) return scopes[0];
  return undefined;
}

export function worker(env: RunEnv, so: SpecOperation): Promise<MintedKey> {
  return env.keys.acquire(policiesOf(so), env.signal);
}

/** A key shaped like the admin's (same prefix, same length) that no server issued. */
export function unknownKeyLike(admin: string): string {
  const m = /^(.*_)([A-Za-z0-9]+)$/.exec(admin);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const length = m ? m[2].length : 40;
  const random = [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
  return `${m ? m[1] : 'pl_test_'}${random}`;
}

export const MALFORMED_KEY = 'not-a-key';

/** A key purpose the runner cannot provide becomes a skip with the reason. */
export async function keyOrSkip(p: Promise<MintedKey>): Promise<MintedKey | { skip: string }> {
  try {
    return await p;
  } catch (err) {
    return { skip: (err as Error).message };
  }
}

export const isSkip = (v: unknown): v is { skip: string } => typeof v === 'object' && v !== null && 'skip' in v && !('secret' in v);

export const single = (exchange: Exchange, sent: CheckContext['sent'], related: Json = {}): Observation[] => [{ exchange, sent, related }];
