// What probes share: the case's inputs with ids mapped, the operation's scope and policies, keys
// by purpose, and the malformed/unknown keys that look like the admin's.
import { randomBytes } from 'node:crypto';
import type { ContractModel } from '../../../openapi/tools/contract-model.js';
import { substitute } from '../../../openapi/tools/example-replay.js';
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import { PROBE_RESPONSE_CHECKS } from '../checks/response.js';
import type { Inputs } from '../client.js';
import { operationContract, policyNames } from '../contract.js';
import type { MintedKey } from '../keys.js';
import type { RunEnv } from '../run-env.js';
import type { CheckContext, Evidence, Exchange, PlannedCase } from '../types.js';
import type { Observation } from './types.js';

export const RESPONSE_ONLY = PROBE_RESPONSE_CHECKS;

export function inputsOf(env: RunEnv, c: PlannedCase): Inputs & CheckContext['sent'] {
  const r = substitute({ path: c.request.path, query: c.request.query, header: c.request.header, body: c.request.body }, env.ids);
  return { path: r.path, query: r.query, header: r.header, body: r.body };
}

/** Names of the rate-limit policies that count a request of the operation. */
export const policiesOf = (env: RunEnv, so: SpecOperation): string[] => policyNames(env.contract(so));

/** The scope an operation requires, as the contract model reads it (its security, else the root's). */
export const scopeOf = (so: Pick<SpecOperation, 'operationId'>, model?: ContractModel): string | undefined =>
  operationContract(so, model).scope;

export function worker(env: RunEnv, so: SpecOperation): Promise<MintedKey> {
  return env.keys.acquire(policiesOf(env, so), env.signal);
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

export const single = (exchange: Exchange, sent: CheckContext['sent'], evidence?: Evidence): Observation[] => [
  { exchange, sent, ...(evidence ? { evidence } : {}) },
];
