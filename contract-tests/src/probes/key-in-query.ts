// ARCHITECTURE.md §2: a key is read from the Authorization or X-API-Key header only; one in the query
// string (or, for operations with a JSON body, in the body) is refused with 401.
import { keyInBodyRefused, keyInQueryRefused } from '../checks/security-verdicts.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { inputsOf, single, worker } from './support.js';

const definition = {
  id: 'key-in-query',
  title: 'Key outside the headers',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [keyInQueryRefused, keyInBodyRefused],
  keys: ['worker'],
  counts: { workerRequests: 0, perSourceIp: false },
} as const;

export const keyInQuery = defineProbe({
  ...definition,
  plan: (ctx) =>
    ctx.derive(operationFacts).flatMap((f) => {
      const refused = f.probeExample.get('key-in-query');
      return [
        ...documentedCase(definition, ctx, f, refused, { verdicts: [keyInQueryRefused.id] }),
        ...(f.jsonBody ? documentedCase(definition, ctx, f, refused, { variant: 'body', verdicts: [keyInBodyRefused.id] }) : []),
      ];
    }),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const key = await worker(env, so);
    return single(await env.exchange(so, inputs, presentedBy(key, c.variant === 'body' ? 'body' : 'query')), inputs);
  },
});
