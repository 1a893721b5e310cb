// ARCHITECTURE.md §3: a body in a media type the operation does not take gets 415.
import { unsupportedMediaTypeRefused } from '../checks/request-verdicts.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { inputsOf, single, worker } from './support.js';

const definition = {
  id: 'unsupported-media-type',
  title: 'Body that is not JSON',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [unsupportedMediaTypeRefused],
  keys: ['worker'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

export const unsupportedMediaType = defineProbe({
  ...definition,
  plan: (ctx) =>
    ctx.derive(operationFacts).flatMap((f) => documentedCase(definition, ctx, f, f.probeExample.get('unsupported-media-type'))),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const key = await worker(env, so);
    const sent = { ...inputs, rawBody: JSON.stringify(inputs.body ?? {}), contentType: 'text/plain' };
    return single(await env.exchange(so, sent, presentedBy(key)), inputs);
  },
});
