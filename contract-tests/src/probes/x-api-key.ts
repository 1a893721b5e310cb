// ARCHITECTURE.md §2: X-API-Key is the same credential as a Bearer token: the same request answers
// the same either way.
import { xApiKeyEquivalent } from '../checks/x-api-key-equivalent.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { inputsOf, RESPONSE_ONLY, worker } from './support.js';

const definition = {
  id: 'x-api-key',
  title: 'X-API-Key equals Bearer',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [xApiKeyEquivalent],
  keys: ['worker'],
  counts: { workerRequests: 2, perSourceIp: true },
} as const;

export const xApiKey = defineProbe({
  ...definition,
  plan: (ctx) => ctx.derive(operationFacts).flatMap((f) => documentedCase(definition, ctx, f, f.safe.response)),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const key = await worker(env, so);
    const bearer = await env.exchange(so, inputs, presentedBy(key, 'bearer'));
    const apiKey = await env.exchange(so, inputs, presentedBy(key, 'x-api-key'));
    return [
      { label: 'bearer', exchange: bearer, sent: inputs, checks: RESPONSE_ONLY },
      { label: 'x-api-key', exchange: apiKey, sent: inputs, evidence: { kind: 'x-api-key', bearer } },
    ];
  },
});
