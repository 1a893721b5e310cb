// ARCHITECTURE.md §2: Authorization and X-API-Key naming two different keys is ambiguous: 400, never
// a guess at which one wins.
import { responseExamples } from '../../../openapi/tools/example-pairs.js';
import { conflictingKeysRefused } from '../checks/security-verdicts.js';
import type { Presented } from '../client.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { inputsOf, single, worker } from './support.js';

const definition = {
  id: 'conflicting-keys',
  title: 'Two different keys at once',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [conflictingKeysRefused],
  keys: ['worker', 'admin'],
  counts: { workerRequests: 2, perSourceIp: true },
} as const;

export const conflictingKeys = defineProbe({
  ...definition,
  plan: (ctx) =>
    ctx.derive(operationFacts).flatMap((f) =>
      documentedCase(
        definition,
        ctx,
        f,
        responseExamples(f.so.op).find((e) => e.status === '400'),
      ),
    ),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const a = await worker(env, so);
    let b = await worker(env, so);
    if (b === a) b = { ...a, secret: env.settings.key, label: '$CONTRACT_KEY' };
    if (b.secret === a.secret) return { skip: 'needs two different valid keys (minting is unavailable)' };
    const presented: Presented = { credential: { kind: 'valid', via: 'both', label: a.label }, secret: a.secret, otherSecret: b.secret };
    return single(await env.exchange(so, inputs, presented), inputs);
  },
});
