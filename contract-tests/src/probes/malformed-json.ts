// ARCHITECTURE.md §3: a body that is not JSON gets 400 problem+json, never a 500, a hang or a crash.
import { malformedJsonRefused } from '../checks/request-verdicts.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { malformedJson } from '../plan/safe-request.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { inputsOf, single, worker } from './support.js';

const definition = {
  id: 'malformed-json',
  title: 'Invalid JSON body',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [malformedJsonRefused],
  keys: ['worker'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

export const malformedJsonBody = defineProbe({
  ...definition,
  plan: (ctx) => ctx.derive(operationFacts).flatMap((f) => documentedCase(definition, ctx, f, f.probeExample.get('malformed-json'))),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const key = await worker(env, so);
    return single(await env.exchange(so, { ...inputs, rawBody: malformedJson(inputs.body) }, presentedBy(key)), inputs);
  },
});
