// ARCHITECTURE.md §2: a key without the operation's scope is refused with 403 INSUFFICIENT_SCOPE.
import { insufficientScopeRefused } from '../checks/security-verdicts.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { keyWithout } from './probe-keys.js';
import { inputsOf, isSkip, keyOrSkip, scopeOf, single } from './support.js';

const definition = {
  id: 'insufficient-scope',
  title: "Key without the operation's scope",
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [insufficientScopeRefused],
  keys: ['narrow-scopes'],
  counts: { workerRequests: 0, perSourceIp: true },
} as const;

export const insufficientScope = defineProbe({
  ...definition,
  plan: (ctx) => ctx.derive(operationFacts).flatMap((f) => documentedCase(definition, ctx, f, f.probeExample.get('insufficient-scope'))),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const key = await keyOrSkip(keyWithout(env, scopeOf(so, env.model)));
    if (isSkip(key)) return key;
    return single(await env.exchange(so, inputs, presentedBy(key)), inputs);
  },
});
