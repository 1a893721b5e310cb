// ARCHITECTURE.md §4: a key whose limit is used up is refused with 429 on every operation that limit
// counts, with Retry-After, until the window passes.
import { rateLimitedRefused } from '../checks/request-verdicts.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { exhaustionTargets } from './rate-limit-exhaustion.js';
import { inputsOf, single } from './support.js';

const definition = {
  id: 'rate-limited',
  title: 'Exhausted key refused everywhere',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [rateLimitedRefused],
  keys: ['exhausted'],
  counts: { workerRequests: 0, perSourceIp: true },
} as const;

export const rateLimited = defineProbe({
  ...definition,
  plan: (ctx) => {
    const targets = ctx.derive(exhaustionTargets);
    const exhaustedBy = targets.get('default')?.caseId;
    return ctx.derive(operationFacts).flatMap((f) => {
      const limited = f.probeExample.get('rate-limited');
      const own = [...targets.values()].find((t) => t.so.operationId === f.so.operationId);
      // This operation's own per-key exhaustion already reproduces its example.
      if (own && own.limited.name === limited?.name && f.contract.policies.some((p) => p.per === 'api-key')) return [];
      return documentedCase(definition, ctx, f, limited, { after: exhaustedBy ? [exhaustedBy] : [] });
    });
  },
  run: async (env, c) => {
    const key = env.exhausted.get('default') ?? [...env.exhausted.values()][0];
    if (!key) return { skip: 'no key was exhausted (see the rate-limit-exhaustion probe)' };
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    return single(await env.exchange(so, inputs, presentedBy(key), { provoked: true }), inputs);
  },
});
