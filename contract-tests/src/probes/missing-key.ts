// ARCHITECTURE.md §2: a request without credentials is refused with 401 on every operation; the one
// probe a stateless mock can honour too.
import { missingKeyRefused } from '../checks/security-verdicts.js';
import { NO_KEY } from '../client.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { inputsOf, single } from './support.js';

const definition = {
  id: 'missing-key',
  title: 'No credentials',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [missingKeyRefused],
  keys: ['none'],
  counts: { workerRequests: 0, perSourceIp: false },
  profiles: ['full', 'mock'],
} as const;

export const missingKey = defineProbe({
  ...definition,
  plan: (ctx) => ctx.derive(operationFacts).flatMap((f) => documentedCase(definition, ctx, f, f.probeExample.get('missing-key'))),
  run: async (env, c) => {
    const inputs = inputsOf(env, c);
    return single(await env.exchange(env.op(c.operationId), inputs, NO_KEY), inputs);
  },
});
