// ARCHITECTURE.md §3: a body over the operation's documented limit gets 413, however the server counts.
import { payloadTooLargeRefused } from '../checks/request-verdicts.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { oversizedBody } from '../plan/safe-request.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { inputsOf, single, worker } from './support.js';

const definition = {
  id: 'payload-too-large',
  title: 'Body over the limit',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [payloadTooLargeRefused],
  keys: ['worker'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

export const payloadTooLarge = defineProbe({
  ...definition,
  plan: (ctx) => ctx.derive(operationFacts).flatMap((f) => documentedCase(definition, ctx, f, f.probeExample.get('payload-too-large'))),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const key = await worker(env, so);
    // Twice the documented body limit (the contract model's): over it, however a server counts.
    const size = 2 * env.contract(so).bodyLimit;
    const rawBody = oversizedBody(inputs.body, size);
    return single(await env.exchange(so, { ...inputs, rawBody, bodyNote: `a valid JSON body of ${size} bytes` }, presentedBy(key)), inputs);
  },
});
